import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import { SessionRecord } from '../src/auth/session.entity';
import { User } from '../src/auth/user.entity';
import { makeBuyerUnit, makeCounty, makeUser, TEST_PASSWORD } from './support/factories';
import { browser, csrfFrom, signedIn, submitForm } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('log-in, sessions and CSRF', () => {
  let t: TestApp;
  let countyUser: User;
  let buyerUser: User;
  let organiser: User;

  beforeAll(async () => {
    t = await createTestApp();
    const county = await makeCounty(t.db, { name: '砀山县' });
    const unit = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学' });
    organiser = await makeUser(t.db, 'organiser', { displayName: '市扶贫开发局' });
    countyUser = await makeUser(t.db, 'county', { countyId: county.id, displayName: '砀山县扶贫开发局' });
    buyerUser = await makeUser(t.db, 'buyer', { buyerUnitId: unit.id, displayName: '王老师' });
  });
  afterAll(() => t.close());

  const sessionCount = () => t.db.getRepository(SessionRecord).count();

  it.each([
    ['organiser', () => organiser, '/admin', ['工作台', '采购意向', '县区设置', '操作日志']],
    ['county', () => countyUser, '/county', ['本县产品']],
    ['buyer', () => buyerUser, '/my/intents', ['我的意向']],
  ])('a %s signs in, lands on its home page and sees its own menu', async (_role, user, home, menu) => {
    const agent = browser(t.http);
    const res = await submitForm(agent, '/login', '/login', { username: user().username, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(home);
    const page = await agent.get(home).expect(200);
    for (const label of menu) expect(page.text).toContain(`>${label}</a>`);
    expect(page.text).toContain(user().displayName);
    // Menus of other roles are not shown.
    const others = ['本县产品', '我的意向', '县区设置'].filter((l) => !menu.includes(l));
    for (const label of others) expect(page.text).not.toContain(`>${label}</a>`);
  });

  it('marks the menu entry of the current page', async () => {
    const agent = await signedIn(t.http, organiser.username);
    const current = (html: string) => /<a href="([^"]+)" aria-current="page"/.exec(html)?.[1];
    expect(current((await agent.get('/admin')).text)).toBe('/admin');
    expect(current((await agent.get('/admin/intents')).text)).toBe('/admin/intents');
    expect(current((await agent.get('/admin/fairs')).text)).toBe('/admin/fairs');
  });

  it('records the log-in time and an audit entry', async () => {
    await signedIn(t.http, countyUser.username);
    const user = await t.db.getRepository(User).findOneByOrFail({ id: countyUser.id });
    expect(user.lastLoginAt).toBeInstanceOf(Date);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'auth.login', userId: countyUser.id })).toBeGreaterThan(0);
  });

  it('refuses a wrong password with a Chinese message, keeps the username and writes no session', async () => {
    const before = await sessionCount();
    const agent = browser(t.http);
    const res = await submitForm(agent, '/login', '/login', { username: countyUser.username, password: 'wrong' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('用户名或密码不正确');
    expect(res.text).toContain(`value="${countyUser.username}"`);
    expect(res.text).not.toContain('value="wrong"');
    expect(await sessionCount()).toBe(before);
  });

  it('shows a message beside each empty field', async () => {
    const res = await submitForm(browser(t.http), '/login', '/login', { username: '', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请输入用户名');
    expect(res.text).toContain('请输入密码');
  });

  it('refuses a log-in without a CSRF token', async () => {
    const before = await sessionCount();
    const res = await request(t.http).post('/login').type('form').send({ username: countyUser.username, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('页面已过期');
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a token taken from another browser', async () => {
    const other = browser(t.http);
    const token = csrfFrom((await other.get('/login')).text);
    const agent = browser(t.http);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: countyUser.username, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
  });

  it('refuses a disabled account', async () => {
    const disabled = await makeUser(t.db, 'organiser', { disabled: true });
    const res = await submitForm(browser(t.http), '/login', '/login', { username: disabled.username, password: TEST_PASSWORD });
    expect(res.status).toBe(422);
    expect(res.text).toContain('该账号已被停用');
  });

  it('signs a user out when the account is disabled while signed in', async () => {
    const user = await makeUser(t.db, 'organiser');
    const agent = await signedIn(t.http, user.username);
    await agent.get('/admin').expect(200);
    await t.db.getRepository(User).update({ id: user.id }, { disabled: true });
    const res = await agent.get('/admin');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin');
  });

  it('keeps the session in the database across a restart of the app', async () => {
    const agent = await signedIn(t.http, organiser.username);
    const row = await t.db.getRepository(SessionRecord).findOneOrFail({ where: {}, order: { expiresAt: 'DESC' } });
    expect(JSON.parse(row.data).userId).toBeDefined();
    await agent.get('/admin').expect(200);
  });

  it('follows ?next= after log-in only to a path on this site', async () => {
    const agent = browser(t.http);
    const page = await agent.get('/login?next=//evil.example/x');
    expect(page.text).toContain('name="next" value=""');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: organiser.username, password: TEST_PASSWORD, next: 'https://evil.example/' });
    expect(res.headers.location).toBe('/admin');

    const agent2 = browser(t.http);
    const res2 = await submitForm(agent2, '/login?next=/admin/settings', '/login', {
      username: organiser.username,
      password: TEST_PASSWORD,
      next: '/admin/settings',
    });
    expect(res2.headers.location).toBe('/admin/settings');
  });

  it('signs out and forgets the session', async () => {
    const agent = await signedIn(t.http, organiser.username);
    const page = await agent.get('/admin').expect(200);
    const res = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(303);
    expect((await agent.get('/admin')).status).toBe(303);
  });

  it('writes no session for anonymous visitors browsing the site', async () => {
    const before = await sessionCount();
    for (const path of ['/', '/products', '/login', '/nowhere']) {
      const res = await request(t.http).get(path);
      expect(res.headers['set-cookie']?.some((c: string) => c.startsWith('fupin.sid')) ?? false).toBe(false);
    }
    expect(await sessionCount()).toBe(before);
  });

  it('answers with security headers', async () => {
    const res = await request(t.http).get('/');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('throttles repeated log-in attempts on one account with a 429 and a Chinese message', async () => {
    const agent = browser(t.http);
    const token = csrfFrom((await agent.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: token, username: organiser.username, password: 'x' });
      statuses.push(res.status);
      if (res.status === 429) expect(res.text).toContain('登录尝试过于频繁，请1分钟后再试');
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(10);
    // Another account from the same address (colleagues behind one NAT) can still sign in.
    await signedIn(t.http, countyUser.username);
  });
});
