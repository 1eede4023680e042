import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.entity';
import { SessionRecord } from '../src/auth/session.entity';
import { makeBuyerUnit, makeUser, TEST_PASSWORD } from './support/factories';
import { deleteKeysUnder, keysUnder, killRedisServer, startRedisServer, TEST_REDIS_URL, uniqueKeyPrefix } from './support/redis';
import { appEnv, ensureBuilt, freePort, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { createTestDatabase, usingPostgres } from './support/test-app';
import { WebClient, type WebResponse } from './support/web-client';

/**
 * Rate limits with REDIS_URL: the counters live in Redis, so several instances count the
 * same requests; when Redis is unreachable the limits open (requests allowed), one warning
 * is logged per outage and /health says Redis is down.
 */

const REFUSED = '登录尝试过于频繁，请1分钟后再试';

/** One log-in attempt as the form sends it, in a browser of its own, on `base`. */
const attempt = (base: string, username: string, password: string): Promise<WebResponse> =>
  new WebClient(base).submit('/login', '/login', { username, password });

const health = async (app: SpawnedApp): Promise<{ status: number; body: Record<string, any> }> => {
  const res = await fetch(`${app.url}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const title = 'log-in limits counted in Redis across two instances on one PostgreSQL database';
(usingPostgres() ? describe : describe.skip)(usingPostgres() ? title : `${title} — skipped: needs TEST_DATABASE_URL (PostgreSQL)`, () => {
  const LIMIT = 4;
  const prefix = uniqueKeyPrefix();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let db: DataSource;
  let a: SpawnedApp;
  let b: SpawnedApp;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = { ...appEnv(database), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, LOGIN_LIMIT_PER_ADDRESS: String(LIMIT) };
    db = await openDatabase(env);
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await db?.destroy();
    await database?.drop();
    await deleteKeysUnder(prefix);
  });

  it('reports Redis up on both instances', async () => {
    for (const app of [a, b]) {
      expect(await health(app)).toEqual({
        status: 200,
        body: expect.objectContaining({
          status: 'ok',
          info: { database: expect.objectContaining({ status: 'up' }), redis: { status: 'up' } },
        }),
      });
    }
  });

  it(`refuses the ${LIMIT + 1}th log-in from one address on either instance when the ${LIMIT} before it were spread over both`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await attempt(i % 2 === 0 ? a.url : b.url, `nobody-${i}`, 'wrong-password');
      expect(res.status).toBe(422);
    }
    const unit = await makeBuyerUnit(db);
    const user = await makeUser(db, 'buyer', { buyerUnitId: unit.id });
    const before = { sessions: await db.getRepository(SessionRecord).count(), audit: await db.getRepository(AuditLog).count() };
    // Each instance alone has seen only half the limit: only a shared count refuses these.
    for (const app of [a, b]) {
      const res = await attempt(app.url, user.username, TEST_PASSWORD);
      expect(res.status).toBe(429);
      expect(res.text).toContain(REFUSED);
    }
    expect({ sessions: await db.getRepository(SessionRecord).count(), audit: await db.getRepository(AuditLog).count() }).toEqual(before);
    // The counters are under this run's prefix only.
    expect((await keysUnder(prefix)).length).toBeGreaterThan(0);
  });
});

describe(`rate limits when Redis is unreachable (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  const LIMIT = 2;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let app: SpawnedApp;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let username: string;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    // Nothing listens on this port until the test starts a redis-server of its own there.
    redisPort = await freePort();
    const env: AppEnv = {
      ...appEnv(database),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_KEY_PREFIX: uniqueKeyPrefix(),
      LOGIN_LIMIT_PER_ADDRESS: String(LIMIT),
      LOG_LEVEL: 'info',
    };
    db = await openDatabase(env);
    const unit = await makeBuyerUnit(db);
    username = (await makeUser(db, 'buyer', { buyerUnitId: unit.id })).username;
    app = await startApp(env);
  }, 180_000);
  afterAll(async () => {
    await app?.stop('SIGKILL');
    await killRedisServer(redis);
    await db?.destroy();
    await database?.drop();
  });

  const warnings = () => app.logLines().filter((l) => l.context === 'RateLimits' && l.level === 'warn');
  const recoveries = () => app.logLines().filter((l) => l.context === 'RateLimits' && /reachable again/.test(l.msg));

  /** Polls /health until Redis has the status wanted (the client reconnects in the background). */
  async function redisBecomes(status: 'up' | 'down'): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const { body } = await health(app);
      if (body.details?.redis?.status === status) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Redis never reported ${status}:\n${app.output().slice(-3000)}`);
  }

  it('starts and serves log-in with REDIS_URL on a closed port: limits open, one warning, /health degraded', async () => {
    const results = [];
    for (let i = 0; i < LIMIT + 3; i++) results.push((await attempt(app.url, username, i % 2 ? TEST_PASSWORD : 'wrong-password')).status);
    expect(results).toEqual([422, 303, 422, 303, 422]);

    const { status, body } = await health(app);
    // Ready (200): the database answers and the app serves; degraded: its rate limits are open.
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down' } },
    });
    expect(body.info.redis).toBeUndefined();
    expect((await fetch(`${app.url}/health/live`).then((r) => r.json())) as unknown).toEqual({ status: 'ok' });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].msg).toMatch(/Redis unreachable .*rate limits are open/);
  });

  it('counts in Redis once it is reachable: the limit applies again and the recovery is logged', async () => {
    redis = await startRedisServer(redisPort);
    await redisBecomes('up');
    expect(await health(app)).toMatchObject({ status: 200, body: { status: 'ok', info: { redis: { status: 'up' } } } });
    expect(recoveries()).toHaveLength(1);
    for (let i = 0; i < LIMIT; i++) expect((await attempt(app.url, `nobody-${i}`, 'wrong-password')).status).toBe(422);
    const refused = await attempt(app.url, username, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(REFUSED);
  });

  it('keeps serving log-in when Redis goes away, with one more warning for the new outage', async () => {
    await killRedisServer(redis);
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await attempt(app.url, username, TEST_PASSWORD)).status);
    expect(statuses).toEqual(statuses.map(() => 303));
    await redisBecomes('down');
    expect((await health(app)).body).toMatchObject({ status: 'degraded', error: { redis: { status: 'down' } } });
    expect(warnings()).toHaveLength(2);
  });
});
