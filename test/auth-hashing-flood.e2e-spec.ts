import { randomBytes } from 'node:crypto';
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
    const before = await dbSnapshot(t.db);
    const sessions = await t.db.getRepository(SessionRecord).count();
    const answers = await Promise.all(await flood('203.0.113.10'));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 422 && s !== 503)).toEqual([]);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(r.text).toContain('登录的人太多，请稍后再试');
    // The ones that were hashed got the usual answer.
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(32);
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    expect(await t.db.getRepository(SessionRecord).count()).toBe(sessions);
  });

  it('lets a log-in from another address through while the queue is full of one address’s flood', async () => {
    const agent = browser(t.http);
    const _csrf = csrfFrom((await agent.get('/login')).text);
    const requests = await flood('203.0.113.20');
    // The first 503 means the flood has filled its share of the queue: only then the genuine user comes.
    await new Promise<void>((resolve) => requests.forEach((r) => void r.then((res) => res.status === 503 && resolve())));
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', '203.0.113.30')
      .type('form')
      .send({ _csrf, username: organiser.username, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin');
    const answers = await Promise.all(requests);
    expect(answers.map((r) => r.status).filter((s) => s !== 422 && s !== 503)).toEqual([]);
  });
});
