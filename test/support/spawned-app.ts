import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import { runMigrationsLocked } from '../../src/database/run-migrations';

/**
 * The built app (`node dist/main.js`) as a child process, for the tests that need a real
 * process: killing it, stopping it with a signal, running two of them. CI builds before the
 * tests (.ci/run: lint → build → tests); locally ensureBuilt() builds when dist/ is missing
 * or older than a file under src/.
 */

export const ROOT_DIR = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT_DIR, 'dist', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

/** Runs `nest build` (≈ 10–20 s) unless dist/main.js exists and is newer than every file under src/. */
export function ensureBuilt(): void {
  const built = fs.existsSync(MAIN) ? fs.statSync(MAIN).mtimeMs : 0;
  if (built > newestMtime(path.join(ROOT_DIR, 'src'))) return;
  try {
    execFileSync('npx', ['nest', 'build'], { cwd: ROOT_DIR, stdio: 'pipe', timeout: 180_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`npm run build failed (the spawned-app tests run dist/main.js):\n${e.stdout ?? ''}${e.stderr ?? e.message}`, {
      cause: err,
    });
  }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedApp {
  url: string;
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The JSON lines of stdout, parsed. */
  logLines(): Record<string, any>[];
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** What every spawned instance of a test shares: the database, DATA_DIR and the session secret. */
export interface AppEnv {
  DATA_DIR: string;
  DATABASE_URL?: string;
  SESSION_SECRET: string;
  [name: string]: string | undefined;
}

/** Names of the environment the app reads: never inherited from the test runner's own environment. */
const APP_VARIABLES = [
  'PORT',
  'DATA_DIR',
  'DATABASE_URL',
  'SESSION_SECRET',
  'SEED_DEMO',
  'COOKIE_SECURE',
  'TRUST_PROXY',
  'REQUEST_TIMEOUT',
  'LOGIN_LIMIT_PER_ADDRESS',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'FILE_STORAGE',
  'NODE_ENV',
  'LOG_LEVEL',
];

export function appEnv(database: { env: NodeJS.ProcessEnv }): AppEnv {
  return {
    DATA_DIR: database.env.DATA_DIR!,
    DATABASE_URL: database.env.DATABASE_URL ?? '',
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
}

/** Starts `node dist/main.js` on a free port and resolves once GET /health answers 200. */
export async function startApp(env: AppEnv, options: { timeoutMs?: number } = {}): Promise<SpawnedApp> {
  const port = await freePort();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !APP_VARIABLES.includes(k) && k !== 'TEST_DATABASE_URL'),
  );
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT_DIR,
    env: { ...inherited, NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const app: SpawnedApp = {
    url,
    child,
    exited,
    output: () => stdout + stderr,
    logLines: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let gone: Exit | null = null;
  void exited.then((e) => (gone = e));
  for (;;) {
    if (gone) throw new Error(`the app exited (${JSON.stringify(gone)}) before it was ready:\n${app.output().slice(-4000)}`);
    try {
      const res = await fetch(`${url}/health`);
      await res.arrayBuffer();
      if (res.status === 200) return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.stop('SIGKILL');
      throw new Error(`the app was not ready within ${options.timeoutMs ?? 30_000} ms:\n${app.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A DataSource of the test itself on the app's database, for fixtures and for checking what was stored. */
export async function openDatabase(env: AppEnv, migrate = true): Promise<DataSource> {
  const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', ...env, DATABASE_URL: env.DATABASE_URL || undefined });
  const db = await new DataSource(databaseOptions(config)).initialize();
  if (migrate) await runMigrationsLocked(db);
  return db;
}
