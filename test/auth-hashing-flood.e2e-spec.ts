import { randomBytes } from 'node:crypto';
import { HASHING_LIMITS } from '../src/auth/hashing-gate';
import { PasswordHasher } from '../src/auth/password-hasher';
import { SessionRecord } from '../src/auth/session.entity';
import type { User } from '../src/auth/user.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeUser, TEST_PASSWORD } from './support/factories';
import { browser, csrfFrom } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * A flood of log-ins with made-up usernames from one address: each costs a password hash,
 * and the hashing is bounded (HashingGate: one job per core but one, at most 32 per address
 * running or waiting, each address served in turn). What does not fit is refused at once
 * with 503.
 *
 * Whether a flood outruns the hashing depends on the machine's speed, so the test first
 * occupies every hashing slot itself (as slow hashing would) and frees them when it has seen
 * the queue fill: what is refused, and who is served next, is then the same on any machine.
 */
describe(`log-in floods and the password-hashing queue (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let organiser: User;
  /** As many as one address may send in a minute: all reach the hashing queue. */
  let FLOOD: number;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    organiser = await makeUser(t.db, 'organiser');
    FLOOD = t.config.loginLimitPerAddress;
  });
  afterAll(() => t.close());

  /** Occupies every hashing slot until the returned function is called. */
  function holdEverySlot(): () => Promise<void> {
    const gate = t.app.get(PasswordHasher).gate;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const jobs = Array.from({ length: HASHING_LIMITS.concurrent }, (_, i) => gate.run(`holder-${i}`, () => held));
    expect(gate.load.running).toBe(HASHING_LIMITS.concurrent);
    return async () => {
      release();
      await Promise.all(jobs);
    };
  }

  /** Resolves once `count` of `requests` have answered with `status`. */
  function answered(requests: Promise<{ status: number }>[], status: number, count: number): Promise<void> {
    let seen = 0;
    return new Promise((resolve) => {
      if (count === 0) resolve();
      for (const r of requests) void r.then((res) => res.status === status && ++seen === count && resolve());
    });
  }

  /** FLOOD log-ins at once from `address`, each with a username of its own, as one browser. */
  async function flood(address: string): Promise<Promise<{ status: number; text: string }>[]> {
    const agent = browser(t.http);
    const _csrf = csrfFrom((await agent.get('/login')).text);
    return Array.from({ length: FLOOD }, () =>
      agent
        .post('/login')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ _csrf, username: `nobody-${randomBytes(6).toString('hex')}`, password: 'guess' })
        .then((res) => res),
    );
  }

  it('refuses what does not fit in the queue at once with 503 and a Chinese message, and writes nothing', async () => {
    expect(FLOOD).toBeGreaterThan(HASHING_LIMITS.perClient);
    const before = await dbSnapshot(t.db);
    const sessions = await t.db.getRepository(SessionRecord).count();
    const release = holdEverySlot();
    const requests = await flood('203.0.113.10');
    // With every slot held, one address may have perClient log-ins waiting; the rest are refused now.
    await answered(requests, 503, FLOOD - HASHING_LIMITS.perClient);
    await release();
    const answers = await Promise.all(requests);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(FLOOD - HASHING_LIMITS.perClient);
    for (const r of answers.filter((a) => a.status === 503)) expect(r.text).toContain('登录的人太多，请稍后再试');
    // The ones that waited were hashed and got the usual answer.
    expect(statuses.filter((s) => s === 422)).toHaveLength(HASHING_LIMITS.perClient);
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    expect(await t.db.getRepository(SessionRecord).count()).toBe(sessions);
  });

  it('serves a log-in from another address next, ahead of one address’s waiting flood', async () => {
    const agent = browser(t.http);
    const _csrf = csrfFrom((await agent.get('/login')).text);
    const release = holdEverySlot();
    const requests = await flood('203.0.113.20');
    // The flood has filled its share of the queue: only then the genuine user comes.
    await answered(requests, 503, FLOOD - HASHING_LIMITS.perClient);
    let floodDone = 0;
    for (const r of requests) void r.then((res) => res.status === 422 && floodDone++);
    const genuine = agent
      .post('/login')
      .set('X-Forwarded-For', '203.0.113.30')
      .type('form')
      .send({ _csrf, username: organiser.username, password: TEST_PASSWORD })
      .then((res) => ({ res, floodDoneBefore: floodDone }));
    // Let the genuine request reach the queue before the slots free up.
    await new Promise<void>((resolve) => {
      const gate = t.app.get(PasswordHasher).gate;
      const poll = () => (gate.load.waiting > HASHING_LIMITS.perClient ? resolve() : setTimeout(poll, 5));
      poll();
    });
    await release();
    const { res, floodDoneBefore } = await genuine;
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin');
    // Served in turn: the genuine log-in did not wait for the flood's 32 hashes.
    expect(floodDoneBefore).toBeLessThan(HASHING_LIMITS.perClient);
    const answers = await Promise.all(requests);
    expect(answers.map((r) => r.status).filter((s) => s !== 422 && s !== 503)).toEqual([]);
  });
});
