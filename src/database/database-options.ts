import * as fs from 'node:fs';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { QueryErrorLogger } from './query-error-logger';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/**
 * TypeORM options for the configured engine. Migrations are listed explicitly per engine
 * (generated SQL differs between SQLite and PostgreSQL); `synchronize` is never used.
 */
export function databaseOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false, // run by runMigrationsLocked() so that parallel instances take turns
    migrationsTransactionMode: 'each' as const,
    logger: new QueryErrorLogger(),
    maxQueryExecutionTime: 1000,
  };
  if (config.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      migrations: POSTGRES_MIGRATIONS,
      extra: { max: 10 },
    };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqlitePath,
    migrations: SQLITE_MIGRATIONS,
    enableWAL: true,
    timeout: 10_000, // busy timeout (ms): wait for a writer instead of failing with SQLITE_BUSY
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL'); // safe with WAL, much faster commits
    },
  };
}
