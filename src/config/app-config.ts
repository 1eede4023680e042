import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import * as path from 'node:path';
import { IsRedisUrl } from './redis-url';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const FILE_STORAGES = ['database', 'folder'] as const;
export type FileStorage = (typeof FILE_STORAGES)[number];

/**
 * The environment, validated once at start-up (fail fast with a clear message)
 * and then handed around as one typed object.
 */
export class AppConfig {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  port = 3000;

  /** Where the SQLite file, uploaded images and the generated session secret live. */
  @Transform(({ value }) => path.resolve(value || 'data'))
  @IsString()
  dataDir = path.resolve('data');

  /** postgres://… switches to PostgreSQL; unset means the embedded SQLite file under dataDir. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  databaseUrl?: string;

  /**
   * redis://[user:password@]host[:port][/db] (rediss:// for TLS): rate-limit counters live there,
   * shared by every instance. Unset, each instance counts in its own memory.
   */
  @IsOptional()
  @IsRedisUrl()
  redisUrl?: string;

  /** Prepended to every Redis key the app writes, so several apps (or test runs) can share one Redis. */
  @Transform(({ value }) => (value === undefined || value === '' ? 'fupin-expo:' : String(value)))
  @Matches(/^[\w.:-]+$/, { message: 'REDIS_KEY_PREFIX may hold only letters, digits and _ . : -' })
  @MaxLength(100, { message: 'REDIS_KEY_PREFIX must be at most 100 characters' })
  redisKeyPrefix = 'fupin-expo:';

  /**
   * Where uploaded bytes live (product images, summary files, imports waiting for their
   * confirmation): `database` (a table, shared by every instance) or `folder` (under dataDir).
   * Defaults to `database` on PostgreSQL and `folder` on the embedded SQLite.
   */
  @Transform(({ value, obj }) =>
    value === undefined || value === '' ? ((obj as { databaseUrl?: string }).databaseUrl ? 'database' : 'folder') : value,
  )
  @IsIn(FILE_STORAGES, { message: `FILE_STORAGE must be one of: ${FILE_STORAGES.join(', ')}` })
  fileStorage: FileStorage = 'folder';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters' })
  sessionSecret?: string;

  /**
   * Load the demo data from seed/ when the database has no county yet. Unset, it is on for the
   * quick start and off under NODE_ENV=production: the demo accounts' password is published.
   */
  @Transform(({ value, obj }) =>
    value === undefined || value === '' ? (obj as { nodeEnv?: string }).nodeEnv !== 'production' : !/^(0|false|no)$/i.test(String(value)),
  )
  @IsBoolean()
  seedDemo = true;

  /** Send cookies only over HTTPS (set behind a TLS-terminating proxy). */
  @Transform(({ value }) => /^(1|true|yes)$/i.test(String(value ?? '')))
  @IsBoolean()
  cookieSecure = false;

  /** Trust X-Forwarded-* from this many proxies (for client IPs in rate limits and logs). */
  @Transform(({ value }) => (value === undefined || value === '' ? 0 : Number(value)))
  @IsInt()
  @Min(0)
  trustProxy = 0;

  /**
   * Seconds a client may take to send one whole request, headers and body (then 408 and the
   * connection is closed). The default lets a 5 MB upload (a photo, an Excel sheet) through a
   * link of about 350 kbit/s; the headers alone must arrive within 20 s (or this, if shorter).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 120 : Number(value)))
  @IsInt({ message: 'REQUEST_TIMEOUT must be a whole number of seconds' })
  @Min(1, { message: 'REQUEST_TIMEOUT must be at least 1 (second)' })
  @Max(3600, { message: 'REQUEST_TIMEOUT must be at most 3600 (seconds)' })
  requestTimeout = 120;

  /**
   * Log-in attempts a minute from one client address, whatever the usernames (see
   * LoginThrottlerGuard). Raise it when many users share one NAT address.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 60 : Number(value)))
  @IsInt({ message: 'LOGIN_LIMIT_PER_ADDRESS must be a whole number of attempts a minute' })
  @Min(1, { message: 'LOGIN_LIMIT_PER_ADDRESS must be at least 1' })
  loginLimitPerAddress = 60;

  /**
   * Days after which an open pledge with nothing received yet is listed as overdue on the
   * organiser's 认领认捐 board (the office then reminds the donor or cancels the pledge).
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt({ message: 'PLEDGE_OVERDUE_DAYS must be a whole number of days' })
  @Min(1, { message: 'PLEDGE_OVERDUE_DAYS must be at least 1 (day)' })
  @Max(365, { message: 'PLEDGE_OVERDUE_DAYS must be at most 365 (days)' })
  pledgeOverdueDays = 30;

  @IsIn(['development', 'production', 'test'])
  nodeEnv: 'development' | 'production' | 'test' = 'development';

  /**
   * Least severe log level written (request lines are `info`; `silent` writes nothing).
   * Defaults to `info`, and to `silent` under NODE_ENV=test so the test output stays readable.
   */
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel = 'info';

  get engine(): 'postgres' | 'better-sqlite3' {
    return this.databaseUrl ? 'postgres' : 'better-sqlite3';
  }

  get sqlitePath(): string {
    return path.join(this.dataDir, 'fupin-expo.sqlite');
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = plainToInstance(AppConfig, {
    port: env.PORT,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    redisUrl: env.REDIS_URL || undefined,
    fileStorage: env.FILE_STORAGE?.trim().toLowerCase(),
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    seedDemo: env.SEED_DEMO,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY,
    requestTimeout: env.REQUEST_TIMEOUT,
    loginLimitPerAddress: env.LOGIN_LIMIT_PER_ADDRESS,
    pledgeOverdueDays: env.PLEDGE_OVERDUE_DAYS,
    nodeEnv: env.NODE_ENV || 'development',
    logLevel: env.LOG_LEVEL?.trim().toLowerCase() || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  });
  const errors = validateSync(config);
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
