/**
 * The two database engines the catalogue benchmark runs on: how the app under test is given a
 * fresh database, how this process connects to it to bulk-load, what is done after a load
 * (as a steady-state server would have it), and what is removed at the end.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../config/app-config';
import { benchCounties, insertProductsPostgres, insertProductsSqlite, type SqliteConnection } from './catalogue-data';

/**
 * This process's connection to an app's database, below TypeORM: entity column types are
 * fixed per engine when the entity files load (src/database/engine.ts), and one bench run
 * loads both engines.
 */
export interface BenchDb {
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Grows the catalogue to `counties` counties and `products` products; returns how many it added. */
  grow(counties: number, products: number): Promise<number>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** What grow() does on either engine, given its queries and its product loader. */
async function grow(
  query: (sql: string, params?: unknown[]) => Promise<Row[]>,
  insert: (counties: { id: number; name: string }[], count: number, from: number) => Promise<void>,
  counties: number,
  products: number,
): Promise<number> {
  const existing = Number((await query(`SELECT COUNT(*) AS "n" FROM "county"`))[0].n);
  for (const county of benchCounties(Math.max(0, counties - existing), existing)) {
    await query(`INSERT INTO "county" ("code", "name") VALUES ('${county.code}', '${county.name}')`);
  }
  const all = (await query(`SELECT "id", "name" FROM "county" ORDER BY "id"`)).map((r) => ({ id: Number(r.id), name: String(r.name) }));
  const from = Number((await query(`SELECT COUNT(*) AS "n" FROM "product"`))[0].n);
  await insert(all, products - from, from);
  return products - from;
}

export interface BenchEngine {
  name: 'SQLite' | 'PostgreSQL';
  /** The environment of one production app on a fresh database of its own. */
  appEnv(dataDir: string, label: string): Promise<NodeJS.ProcessEnv>;
  /** This process's connection to that app's database (the app has migrated it). */
  connect(env: NodeJS.ProcessEnv): Promise<BenchDb>;
  cleanup(): Promise<void>;
}

/** The production app, whatever the calling shell has set: no demo data, its own secret, no Redis. */
function productionEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.SESSION_SECRET;
  delete env.REDIS_URL;
  return env;
}

/** SQLite: a DATA_DIR per app (the default engine). */
export function sqliteEngine(): BenchEngine {
  return {
    name: 'SQLite',
    appEnv: async (dataDir) => productionEnv(dataDir),
    async connect(env) {
      const sqlite = new Database(loadConfig({ DATA_DIR: env.DATA_DIR }).sqlitePath, { timeout: 10_000 });
      sqlite.pragma('foreign_keys = ON');
      // The load writes ~100 search-index entries per product all over a B-tree of millions:
      // with SQLite's default 2 MB page cache every insert re-reads pages through the OS.
      sqlite.pragma('cache_size = -262144');
      const query = async (sql: string) => sqlite.prepare(sql).all() as Row[];
      const run = async (sql: string) => {
        sqlite.prepare(sql).run();
        return [];
      };
      return {
        query,
        async grow(counties, products) {
          const added = await grow(
            (sql) => (/^\s*SELECT/i.test(sql) ? query(sql) : run(sql)),
            async (all, count, from) => insertProductsSqlite(sqlite as unknown as SqliteConnection, all, count, from),
            counties,
            products,
          );
          // Fold the bulk load's write-ahead log into the database file, as SQLite's automatic
          // checkpoints do in normal running: otherwise every read of the app under test would
          // go through a log of tens of megabytes that no steady-state server has.
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
          return added;
        },
        close: async () => void sqlite.close(),
      };
    },
    cleanup: async () => undefined,
  };
}

/**
 * PostgreSQL: a throw-away database per app on BENCH_POSTGRES_URL (default the local server's
 * `postgres` database, which serves only to create and drop them).
 */
export function postgresEngine(): BenchEngine {
  const admin = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const created: string[] = [];
  const run = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    async appEnv(dataDir, label) {
      const name = `fupin_bench_${label}_${randomBytes(4).toString('hex')}`;
      await run(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return { ...productionEnv(dataDir), DATABASE_URL: url.toString() };
    },
    async connect(env) {
      const client = new Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      const query = async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[];
      return {
        query: (sql) => query(sql),
        async grow(counties, products) {
          await query('BEGIN');
          try {
            const added = await grow(query, (all, count, from) => insertProductsPostgres(query, all, count, from), counties, products);
            await query('COMMIT');
            // Statistics, as autovacuum would have gathered them on a server that grew this large.
            await query('ANALYZE');
            return added;
          } catch (err) {
            await query('ROLLBACK');
            throw err;
          }
        },
        close: () => client.end(),
      };
    },
    async cleanup() {
      for (const name of created.splice(0)) await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
