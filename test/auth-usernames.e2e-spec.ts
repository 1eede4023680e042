import { QueryFailedError, DataSource } from 'typeorm';
import { User } from '../src/auth/user.entity';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { loadConfig } from '../src/config/app-config';
import { databaseOptions } from '../src/database/database-options';
import { makeUser, validCreditCode } from './support/factories';
import { browser, submitForm, type Agent } from './support/http';
import { createTestApp, createTestDatabase, usingPostgres, type TestApp } from './support/test-app';

const engine = usingPostgres() ? 'PostgreSQL' : 'SQLite';

/**
 * Usernames have one canonical form (src/auth/username.ts): lower case, NFKC, no invisible
 * characters. Registration stores it, log-in looks it up, and the database refuses anything
 * else, so that its unique index is as case-insensitive as registration's check.
 */
describe(`canonical usernames (${engine})`, () => {
  let t: TestApp;
  let clients = 0;
  /** Registration is limited per address: each client gets its own (the app trusts one proxy). */
  const client = (): Agent => browser(t.http).set('X-Forwarded-For', `192.0.2.${++clients}`) as Agent;
  const PASSWORD = 'Secret-pass-2020';

  const register = (username: string, name: string) =>
    submitForm(client(), '/register', '/register', {
      name,
      type: '学校',
      creditCode: validCreditCode('12', '341302'),
      contactName: '李老师',
      mobile: '13800000456',
      address: '宿州市埇桥区演示路2号',
      username,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
  const counts = async () => ({ units: await t.db.getRepository(BuyerUnit).count(), users: await t.db.getRepository(User).count() });

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  it('registers a username typed in capitals, full-width or with an invisible character in its canonical form', async () => {
    expect((await register('SZYZ-Li\u200B', '宿州市演示第五中学')).status).toBe(303);
    expect((await register('ｓｚｙｚ－ｚｈａｏ', '宿州市演示第六中学')).status).toBe(303);
    const names = (await t.db.getRepository(User).find({ order: { id: 'ASC' } })).map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['szyz-li', 'szyz-zhao']));
    // Whichever way it is typed at log-in.
    for (const typed of ['szyz-li', 'Szyz-LI', 'szyz-li\u200B']) {
      const res = await submitForm(client(), '/login', '/login', { username: typed, password: PASSWORD });
      expect(res.status).toBe(303);
    }
  });

  it('refuses a username that differs from an existing one only in letter case', async () => {
    await register('szyz-sun', '宿州市演示第七中学');
    const before = await counts();
    const res = await register('SZYZ-Sun', '宿州市演示第八中学');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="username-error">该用户名已被使用');
    expect(await counts()).toEqual(before);
  });

  it('has the database refuse a username that is not in lower case, so "WANG" can never sit beside "wang"', async () => {
    await makeUser(t.db, 'organiser', { username: 'wang-db' });
    const before = await counts();
    for (const username of ['WANG-DB', 'Wang-Db', 'Someone-New']) {
      await expect(makeUser(t.db, 'organiser', { username })).rejects.toBeInstanceOf(QueryFailedError);
    }
    expect(await counts()).toEqual(before);
  });
});

describe(`the CanonicalUsernames migration (${engine})`, () => {
  /** A database migrated up to just before CanonicalUsernames, with these accounts in it. */
  async function databaseBefore(usernames: string[]) {
    const database = await createTestDatabase();
    const options = databaseOptions(loadConfig({ NODE_ENV: 'test', ...database.env }));
    const all = options.migrations as Function[];
    const index = all.findIndex((m) => m.name.startsWith('CanonicalUsernames'));
    expect(index).toBeGreaterThan(0);
    const before = await new DataSource({ ...options, migrations: all.slice(0, index) }).initialize();
    await before.runMigrations();
    const values = usernames.map((u, i) => `('${u}', 'x', 'buyer', '用户${i}')`).join(', ');
    await before.query(`INSERT INTO "user" ("username", "passwordHash", "role", "displayName") VALUES ${values}`);
    await before.destroy();
    const after = await new DataSource(options).initialize();
    return {
      db: after,
      usernames: async () =>
        ((await after.query(`SELECT "username" FROM "user" ORDER BY "id"`)) as { username: string }[]).map((r) => r.username),
      close: async () => {
        await after.destroy();
        await database.drop();
      },
    };
  }

  it('puts existing usernames in lower case', async () => {
    const d = await databaseBefore(['County-341302', 'buyer-school-1', 'ORGANISER']);
    try {
      await d.db.runMigrations();
      expect(await d.usernames()).toEqual(['county-341302', 'buyer-school-1', 'organiser']);
    } finally {
      await d.close();
    }
  });

  it('stops, naming them, when two accounts differ only in letter case, and changes nothing', async () => {
    const d = await databaseBefore(['Wang', 'wang', 'li']);
    try {
      await expect(d.db.runMigrations()).rejects.toThrow(/differ only in letter case \(wang\)/);
      expect(await d.usernames()).toEqual(['Wang', 'wang', 'li']);
    } finally {
      await d.close();
    }
  });
});
