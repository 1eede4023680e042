import { randomBytes } from 'node:crypto';
import { AuditLog } from '../src/audit/audit-log.entity';
import { SessionRecord } from '../src/auth/session.entity';
import type { User } from '../src/auth/user.entity';
import { makeBuyerUnit, makeCounty, makeUser, TEST_PASSWORD } from './support/factories';
import { browser, csrfFrom } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * The log-in limits (LoginThrottlerGuard): per address and account, per address, per
 * account. The app trusts one proxy here, so each simulated client has an address of its
 * own (X-Forwarded-For); every test uses fresh addresses and fresh accounts.
 */
describe(`log-in limits (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let addresses = 0;
  const newAddress = () => `198.51.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  /** One log-in attempt as the form sends it, from `address`, in a browser of its own. */
  const attempt = async (address: string, username: string | string[], password: string) => {
    const agent = browser(t.http);
    const _csrf = csrfFrom((await agent.get('/login')).text);
    return agent.post('/login').set('X-Forwarded-For', address).type('form').send({ _csrf, username, password });
  };

  const buyer = async (username: string): Promise<User> =>
    makeUser(t.db, 'buyer', { username, buyerUnitId: (await makeBuyerUnit(t.db)).id });
  const randomName = () => `nobody-${randomBytes(6).toString('hex')}`;
  const writes = async () => ({
    sessions: await t.db.getRepository(SessionRecord).count(),
    audit: await t.db.getRepository(AuditLog).count(),
  });

  it('logs a username typed with an invisible character, in other letter case or full-width into the same account', async () => {
    const user = await buyer('buyer-canteen-9');
    for (const typed of [
      'buyer-canteen-9\u200B',
      'BUYER-Canteen-9',
      'ｂｕｙｅｒ－ｃａｎｔｅｅｎ－９',
      ['buyer-canteen-9', 'someone-else'],
    ]) {
      const res = await attempt(newAddress(), typed, TEST_PASSWORD);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/my/intents');
    }
    const [row] = await t.db.getRepository(AuditLog).find({ where: { action: 'auth.login' }, order: { id: 'DESC' }, take: 1 });
    expect(row.userId).toBe(user.id);
  });

  it('counts a zero-width, other-case or repeated username with the plain one: the 11th attempt is refused, even with the right password', async () => {
    const user = await buyer('buyer-supermarket-1');
    const address = newAddress();
    const variants: (string | string[])[] = [user.username, 'BUYER-SUPERMARKET-1', '\u200Bbuyer-supermarket-1 '];
    for (let i = 0; i < 10; i++) {
      const res = await attempt(address, variants[i % variants.length], 'wrong-password');
      expect(res.status).toBe(422);
      expect(res.text).toContain('用户名或密码不正确');
    }
    const before = await writes();
    // Each of these would have been a fresh count of its own, and logged in.
    for (const typed of ['buyer-supermarket-1\u200B', [user.username, 'x'], user.username]) {
      const res = await attempt(address, typed, TEST_PASSWORD);
      expect(res.status).toBe(429);
      expect(res.text).toContain('登录尝试过于频繁，请1分钟后再试');
      expect(res.headers['set-cookie']?.some((c: string) => c.startsWith('fupin.sid')) ?? false).toBe(false);
    }
    expect(await writes()).toEqual(before);
    // The limit is per address and account: the owner, elsewhere, still signs in.
    expect((await attempt(newAddress(), user.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('limits one account to 50 attempts in 15 minutes from all addresses together; other accounts are not affected', async () => {
    const user = await buyer('buyer-hospital-7');
    const colleague = await buyer('buyer-hospital-8');
    // 5 addresses × 10 wrong passwords: no address reaches its own limit for the account.
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const address = newAddress();
        for (let i = 0; i < 10; i++) expect((await attempt(address, user.username, `guess-${i}`)).status).toBe(422);
      }),
    );
    const before = await writes();
    const fresh = newAddress();
    const refused = await attempt(fresh, user.username, TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/登录尝试过于频繁，请1[45]分钟后再试/);
    expect(await writes()).toEqual(before);
    expect((await attempt(fresh, colleague.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('limits one address to LOGIN_LIMIT_PER_ADDRESS attempts a minute, whatever the usernames', async () => {
    const limit = t.config.loginLimitPerAddress;
    expect(limit).toBe(60);
    const county = await makeCounty(t.db);
    const clerk = await makeUser(t.db, 'county', { countyId: county.id });
    const address = newAddress();
    // Made-up usernames, each a count of its own per account: only the address count adds up.
    for (let sent = 0; sent < limit; sent += 10) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => attempt(address, randomName(), 'guess')));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(422));
    }
    const before = await writes();
    const res = await attempt(address, randomName(), 'guess');
    expect(res.status).toBe(429);
    expect(res.text).toContain('登录尝试过于频繁');
    expect((await attempt(address, clerk.username, TEST_PASSWORD)).status).toBe(429);
    expect(await writes()).toEqual(before);
    // Another address is counted apart.
    expect((await attempt(newAddress(), clerk.username, TEST_PASSWORD)).status).toBe(303);
  });
});
