import Redis from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** The Redis server the tests share (CI starts one there: .ci/run). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A key prefix of this test run's own: parallel runs on one Redis never count each other's requests. */
export const uniqueKeyPrefix = (): string => `fupin-test-${randomBytes(6).toString('hex')}:`;

/** The keys under `prefix` (and only those). */
export async function keysUnder(prefix: string, url = TEST_REDIS_URL): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
    return keys;
  } finally {
    redis.disconnect();
  }
}

/** Deletes this run's keys, leaving everyone else's alone. */
export async function deleteKeysUnder(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const keys = await keysUnder(prefix, url);
  if (keys.length === 0) return;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A redis-server of the test's own on `port` (no persistence), to stop and start again; resolves once it accepts connections. */
export async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', (err) => reject(new Error(`redis-server could not be started (apt-get install redis-server): ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
  return child;
}

/** Kills a redis-server started by startRedisServer and waits until it is gone. */
export async function killRedisServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
