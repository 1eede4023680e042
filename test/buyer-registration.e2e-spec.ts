import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import { verifyPassword } from '../src/auth/password';
import { User } from '../src/auth/user.entity';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { makeBuyerUnit, makeCounty, makeUser, TEST_PASSWORD, validCreditCode } from './support/factories';
import { browser, csrfFrom, signedIn, submitForm, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

describe(`buyer unit self-registration and the organiser's buyer list (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let asOrganiser: Agent;
  let countyUser: User;
  let takenUnit: BuyerUnit;
  let takenUser: User;

  /**
   * Registration is limited per client address. The app trusts one proxy here, so each
   * client gets an address of its own and only the test about the limit reaches it.
   */
  let clients = 0;
  const client = (): Agent => {
    const n = ++clients;
    return browser(t.http).set('X-Forwarded-For', `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`) as Agent;
  };
  let usernames = 0;

  const PASSWORD = 'Secret-pass-2020';
  const validFields = (overrides: Record<string, string> = {}): Record<string, string> => ({
    name: '宿州市演示第一中学',
    type: '学校',
    creditCode: validCreditCode('12', '341302'),
    contactName: '王老师',
    mobile: '13800000123',
    address: '宿州市埇桥区演示路1号',
    username: `school-${++usernames}`,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...overrides,
  });

  const register = (fields: Record<string, string>, agent = client()) => submitForm(agent, '/register', '/register', fields);
  const counts = async () => ({ units: await t.db.getRepository(BuyerUnit).count(), users: await t.db.getRepository(User).count() });

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    const county = await makeCounty(t.db, { name: '砀山县' });
    countyUser = await makeUser(t.db, 'county', { countyId: county.id });
    takenUnit = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院', contactName: '李主任', mobile: '13900000077' });
    takenUser = await makeUser(t.db, 'buyer', { username: 'taken-name', buyerUnitId: takenUnit.id });
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  describe('the registration form', () => {
    it('labels every field and tells the browser what each holds', async () => {
      const res = await client().get('/register').expect(200);
      for (const label of [
        '单位名称',
        '单位类型',
        '统一社会信用代码',
        '联系人',
        '手机号码',
        '单位地址',
        '在公示名单中匿名显示',
        '用户名',
        '密码',
        '确认密码',
      ]) {
        expect(res.text).toContain(label);
      }
      for (const field of ['name', 'type', 'creditCode', 'contactName', 'mobile', 'address', 'username', 'password', 'passwordConfirm']) {
        expect(res.text).toContain(`<label for="${field}">`);
        expect(res.text).toContain(`id="${field}" name="${field}"`);
      }
      expect(res.text).toContain('autocomplete="organization"');
      expect(res.text).toMatch(/id="mobile"[^>]*type="tel"[^>]*inputmode="tel"[^>]*autocomplete="tel"/);
      expect(res.text).toContain('autocomplete="username"');
      expect(res.text.match(/autocomplete="new-password"/g)).toHaveLength(2);
      expect(res.text).toContain('<option value="学校">学校</option>');
    });

    it('is linked from the log-in page', async () => {
      const res = await request(t.http).get('/login').expect(200);
      expect(res.text).toContain('<a href="/register">采购单位注册</a>');
    });

    it('tells a signed-in user that registering signs in with the new account', async () => {
      const res = await asOrganiser.get('/register').expect(200);
      expect(res.text).toContain('您已登录为');
    });
  });

  it('registers a school, signs its contact in on 我的意向 and records both records in the audit log', async () => {
    const code = validCreditCode('12', '341302');
    const typedCode = `${code.slice(0, 6).toLowerCase()} ${code.slice(6, 12)} ${code.slice(12).toLowerCase()}`;
    const agent = client();
    const res = await register(
      validFields({
        creditCode: typedCode,
        mobile: '+86 138 0000 0199',
        username: 'szyz-wang',
        anonymous: 'on',
        name: '  宿州市演示实验学校 ',
      }),
      agent,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/my/intents');

    const page = await agent.get('/my/intents').expect(200);
    expect(page.text).toContain('注册成功，欢迎宿州市演示实验学校');
    expect(page.text).toContain('王老师');

    const unit = await t.db.getRepository(BuyerUnit).findOneByOrFail({ creditCode: code });
    expect(unit).toMatchObject({
      name: '宿州市演示实验学校',
      type: '学校',
      contactName: '王老师',
      mobile: '13800000199',
      address: '宿州市埇桥区演示路1号',
      anonymous: true,
      disabled: false,
      creditCodeCheckWaived: false,
    });
    const user = await t.db.getRepository(User).findOneByOrFail({ username: 'szyz-wang' });
    expect(user).toMatchObject({ role: 'buyer', displayName: '王老师', buyerUnitId: unit.id, disabled: false });
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);

    const audit = await t.db.getRepository(AuditLog).findBy({ action: 'buyer.register', userId: user.id });
    expect(audit.map((a) => `${a.entityType}#${a.entityId}`).sort()).toEqual([`buyer_unit#${unit.id}`, `user#${user.id}`].sort());
    const unitEntry = audit.find((a) => a.entityType === 'buyer_unit')!;
    expect(unitEntry.changes?.creditCode).toEqual({ before: null, after: code });
    expect(JSON.stringify(audit)).not.toContain(user.passwordHash);

    // The new account logs in with its password like any other.
    await signedIn(t.http, 'szyz-wang', PASSWORD);
  });

  it('registers a unit that is shown by name when the box is left unchecked', async () => {
    const fields = validFields({ name: '宿州市演示超市', type: '商超' });
    expect((await register(fields)).status).toBe(303);
    const unit = await t.db.getRepository(BuyerUnit).findOneByOrFail({ creditCode: fields.creditCode });
    expect(unit.anonymous).toBe(false);
  });

  describe('refuses a bad field with the message beside it, keeps what was typed and writes nothing', () => {
    const cases: [string, () => Record<string, string>, string, string][] = [
      ['an empty unit name', () => ({ name: '' }), 'name', '请填写单位名称'],
      ['a unit name of 100,000 characters', () => ({ name: '名'.repeat(100_000) }), 'name', '单位名称不能超过100个字符'],
      ['an unknown unit type', () => ({ type: '外星单位' }), 'type', '单位类型应为以下之一：医院、学校'],
      ['no unit type', () => ({ type: '' }), 'type', '请选择单位类型'],
      ['an empty credit code', () => ({ creditCode: '' }), 'creditCode', '请填写统一社会信用代码'],
      [
        'a credit code with a wrong check character',
        () => {
          const code = validCreditCode('12', '341302');
          return { creditCode: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') };
        },
        'creditCode',
        '统一社会信用代码校验位不正确',
      ],
      ['a credit code of the wrong shape', () => ({ creditCode: '12341302ABC' }), 'creditCode', '统一社会信用代码应为18位数字或大写字母'],
      [
        'a credit code with a letter never used (O)',
        () => ({ creditCode: '91341302MA7XDM7QO0' }),
        'creditCode',
        '统一社会信用代码应为18位',
      ],
      [
        'a credit code already registered',
        () => ({ creditCode: takenUnit.creditCode.toLowerCase() }),
        'creditCode',
        '该统一社会信用代码已注册。如需账号，请联系本单位已注册的联系人，或联系展销会组织方',
      ],
      ['a username already taken', () => ({ username: 'taken-name' }), 'username', '该用户名已被使用'],
      ['a username taken in other letter case', () => ({ username: 'Taken-Name' }), 'username', '该用户名已被使用'],
      ['a username with Chinese characters', () => ({ username: '王老师' }), 'username', '用户名只能包含英文字母、数字和 . _ - 符号'],
      ['a username of two characters', () => ({ username: 'ab' }), 'username', '用户名应为3至50个字符'],
      ['an empty contact', () => ({ contactName: ' ' }), 'contactName', '请填写联系人'],
      ['a mobile number of 10 digits', () => ({ mobile: '1380000019' }), 'mobile', '请填写11位手机号码'],
      ['a landline instead of a mobile', () => ({ mobile: '0557-3021234' }), 'mobile', '请填写11位手机号码'],
      ['no mobile number', () => ({ mobile: '' }), 'mobile', '请填写11位手机号码'],
      ['an empty address', () => ({ address: '' }), 'address', '请填写单位地址'],
      ['a password of 7 characters', () => ({ password: 'short-7', passwordConfirm: 'short-7' }), 'password', '密码至少需要8个字符'],
      [
        'a password equal to the username',
        () => ({ username: 'wang-laoshi', password: 'Wang-Laoshi', passwordConfirm: 'Wang-Laoshi' }),
        'password',
        '密码不能与用户名相同',
      ],
      ['a confirmation that does not match', () => ({ passwordConfirm: `${PASSWORD}x` }), 'passwordConfirm', '两次输入的密码不一致'],
      ['no confirmation', () => ({ passwordConfirm: '' }), 'passwordConfirm', '请再次输入密码'],
    ];

    it.each(cases)('%s', async (_case, overrides, field, message) => {
      const before = await counts();
      const fields = validFields(overrides());
      const res = await register(fields);
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="${field}-error">${message}`);
      expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      // What was typed is kept (except the passwords, which are never echoed).
      if (field !== 'address') expect(res.text).toContain(`value="${fields.address}"`);
      if (field !== 'contactName') expect(res.text).toContain(`value="${fields.contactName}"`);
      if (field !== 'type') expect(res.text).toContain(`<option value="${fields.type}" selected>`);
      for (const secret of [fields.password, fields.passwordConfirm].filter(Boolean)) expect(res.text).not.toContain(secret);
      expect(await counts()).toEqual(before);
    });

    it('never shows the registered unit’s name, contact or phone to someone typing its credit code', async () => {
      const res = await register(validFields({ creditCode: takenUnit.creditCode }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('该统一社会信用代码已注册');
      expect(res.text).not.toContain(takenUnit.name);
      expect(res.text).not.toContain(takenUnit.mobile);
      expect(res.text).not.toContain(takenUnit.contactName);
      expect(res.text).not.toContain(takenUser.username);
    });

    it('does not name a unit that chose to be anonymous in the public list either', async () => {
      const hidden = await makeBuyerUnit(t.db, { name: '宿州市演示匿名商场', type: '商超', anonymous: true });
      const before = await counts();
      const res = await register(validFields({ creditCode: hidden.creditCode }));
      expect(res.status).toBe(422);
      expect(res.text).toContain(
        'id="creditCode-error">该统一社会信用代码已注册。如需账号，请联系本单位已注册的联系人，或联系展销会组织方',
      );
      expect(res.text).not.toContain(hidden.name);
      expect(await counts()).toEqual(before);
    });

    it('names every bad field at once', async () => {
      const res = await register({
        name: '',
        type: '',
        creditCode: '',
        contactName: '',
        mobile: '',
        address: '',
        username: '',
        password: '',
        passwordConfirm: '',
      });
      expect(res.status).toBe(422);
      for (const message of [
        '请填写单位名称',
        '请选择单位类型',
        '请填写统一社会信用代码',
        '请填写联系人',
        '请填写11位手机号码',
        '请填写单位地址',
        '请设置用户名',
        '请设置密码',
        '请再次输入密码',
      ]) {
        expect(res.text).toContain(message);
      }
    });

    it('keeps the anonymous box ticked when the form comes back', async () => {
      const res = await register(validFields({ anonymous: 'on', mobile: '12345' }));
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/name="anonymous"[^>]*checked/);
    });
  });

  describe('two registrations racing', () => {
    /** Fetches both forms first, then posts both at once. */
    async function race(a: Record<string, string>, b: Record<string, string>) {
      const agents = [client(), client()];
      const tokens = await Promise.all(agents.map(async (agent) => csrfFrom((await agent.get('/register')).text)));
      return Promise.all(
        [a, b].map((fields, i) =>
          agents[i]
            .post('/register')
            .type('form')
            .send({ _csrf: tokens[i], ...fields }),
        ),
      );
    }

    it('with one credit code create exactly one unit; the other gets the message, not an error page', async () => {
      const code = validCreditCode('12', '341302');
      const before = await counts();
      const results = await race(
        validFields({ creditCode: code, name: '甲学校', username: 'race-code-a' }),
        validFields({ creditCode: code, name: '乙学校', username: 'race-code-b' }),
      );
      expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
      const loserIndex = results.findIndex((r) => r.status === 422);
      const loser = results[loserIndex];
      expect(loser.text).toContain('id="creditCode-error">该统一社会信用代码已注册。如需账号');
      // Not even the winner's name: the loser cannot tell which unit holds the code.
      expect(loser.text).not.toContain(['甲学校', '乙学校'][1 - loserIndex]);
      expect(await t.db.getRepository(BuyerUnit).countBy({ creditCode: code })).toBe(1);
      expect(await counts()).toEqual({ units: before.units + 1, users: before.users + 1 });
    });

    it('for one username create exactly one account; the other gets the message', async () => {
      const before = await counts();
      const results = await race(validFields({ username: 'race-user' }), validFields({ username: 'race-user' }));
      expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
      expect(results.find((r) => r.status === 422)!.text).toContain('id="username-error">该用户名已被使用');
      expect(await counts()).toEqual({ units: before.units + 1, users: before.users + 1 });
    });
  });

  it('answers 429 with a Chinese message after too many registrations from one address, and not for another address', async () => {
    const agent = client();
    const token = csrfFrom((await agent.get('/register')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await agent
        .post('/register')
        .type('form')
        .send({ _csrf: token, ...validFields({ mobile: 'bad' }) });
      statuses.push(res.status);
      if (res.status === 429) expect(res.text).toContain('操作过于频繁，请稍后再试');
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(422));
    expect(statuses[10]).toBe(429);
    // The limit is per address: a unit elsewhere can still register.
    expect((await register(validFields())).status).toBe(303);
  });

  describe('the organiser', () => {
    it('finds units by part of the name or of the credit code, and filters by type', async () => {
      const unit = await makeBuyerUnit(t.db, { name: '宿州市演示第三食堂', type: '食堂' });
      await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });
      await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });

      const byName = await asOrganiser.get(`/admin/buyers?q=${encodeURIComponent('第三食堂')}`).expect(200);
      expect(byName.text).toContain('宿州市演示第三食堂');
      expect(byName.text).not.toContain('宿州市演示人民医院');
      // The organiser sees the contact and phone; the unit has two accounts.
      expect(byName.text).toContain(unit.mobile);
      expect(byName.text).toMatch(/<td data-label="账号数" class="num">2<\/td>/);
      expect(byName.text).toContain('正常');

      const typed = `${unit.creditCode.slice(0, 9).toLowerCase()} ${unit.creditCode.slice(9, 14)}`;
      const byCode = await asOrganiser.get(`/admin/buyers?q=${encodeURIComponent(typed)}`).expect(200);
      expect(byCode.text).toContain('宿州市演示第三食堂');

      const byType = await asOrganiser.get(`/admin/buyers?type=${encodeURIComponent('医院')}`).expect(200);
      expect(byType.text).toContain('宿州市演示人民医院');
      expect(byType.text).not.toContain('宿州市演示第三食堂');

      const wildcard = await asOrganiser.get('/admin/buyers?q=%25').expect(200);
      expect(wildcard.text).toContain('没有符合条件的采购单位');
    });

    it('pages through 50 units at a time', async () => {
      for (let i = 0; i < 52; i++) await makeBuyerUnit(t.db, { name: `演示企业${i}`, type: '企业' });
      const first = await asOrganiser.get(`/admin/buyers?type=${encodeURIComponent('企业')}`).expect(200);
      expect(first.text.match(/\/disable"/g)).toHaveLength(50);
      expect(first.text).toContain('共 52 条');
      const second = await asOrganiser.get(`/admin/buyers?type=${encodeURIComponent('企业')}&page=2`).expect(200);
      expect(second.text.match(/\/disable"/g)).toHaveLength(2);
    });

    it('has 采购单位 in its menu', async () => {
      const res = await asOrganiser.get('/admin').expect(200);
      expect(res.text).toContain('<a href="/admin/buyers"');
    });

    it('disables a unit: its user is signed out and cannot log in until the unit is enabled again', async () => {
      const unit = await makeBuyerUnit(t.db, { name: '宿州市演示第二医院', type: '医院' });
      const buyer = await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });
      const asBuyer = await signedIn(t.http, buyer.username);
      await asBuyer.get('/my/intents').expect(200);

      const listUrl = `/admin/buyers?q=${encodeURIComponent('第二医院')}`;
      const list = await asOrganiser.get(listUrl).expect(200);
      expect(list.text).toContain(`action="/admin/buyers/${unit.id}/disable"`);
      const res = await asOrganiser
        .post(`/admin/buyers/${unit.id}/disable`)
        .type('form')
        .send({ _csrf: csrfFrom(list.text), returnTo: listUrl });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(listUrl);
      const after = await asOrganiser.get(listUrl).expect(200);
      expect(after.text).toContain('已停用“宿州市演示第二医院”');
      expect(after.text).toContain('<span class="status status-disabled">停用</span>');
      expect((await t.db.getRepository(BuyerUnit).findOneByOrFail({ id: unit.id })).disabled).toBe(true);
      const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'buyer.disable', entityId: String(unit.id) });
      expect(audit.changes).toEqual({ disabled: { before: false, after: true } });

      // The signed-in session ends on its next request.
      const kicked = await asBuyer.get('/my/intents');
      expect(kicked.status).toBe(303);
      expect(kicked.headers.location).toBe('/login?next=%2Fmy%2Fintents');
      // And the password no longer opens the account.
      const login = await submitForm(browser(t.http), '/login', '/login', { username: buyer.username, password: TEST_PASSWORD });
      expect(login.status).toBe(422);
      expect(login.text).toContain('该账号已被停用，请联系展销会组织方');

      const again = await asOrganiser.get(listUrl).expect(200);
      const enabled = await asOrganiser
        .post(`/admin/buyers/${unit.id}/enable`)
        .type('form')
        .send({ _csrf: csrfFrom(again.text), returnTo: 'https://evil.example/' });
      expect(enabled.status).toBe(303);
      expect(enabled.headers.location).toBe('/admin/buyers');
      expect(await t.db.getRepository(AuditLog).countBy({ action: 'buyer.enable', entityId: String(unit.id) })).toBe(1);
      await signedIn(t.http, buyer.username);
    });

    it('gets 404 for a unit that does not exist', async () => {
      const list = await asOrganiser.get('/admin/buyers').expect(200);
      const res = await asOrganiser
        .post('/admin/buyers/999999/disable')
        .type('form')
        .send({ _csrf: csrfFrom(list.text) });
      expect(res.status).toBe(404);
    });
  });

  it('refuses the buyer list to county operators and buyers (403) and sends visitors to log in', async () => {
    const asCounty = await signedIn(t.http, countyUser.username);
    expect((await asCounty.get('/admin/buyers')).status).toBe(403);
    const asBuyer = await signedIn(t.http, takenUser.username);
    expect((await asBuyer.get('/admin/buyers')).status).toBe(403);
    const token = csrfFrom((await asBuyer.get('/register')).text);
    const res = await asBuyer.post(`/admin/buyers/${takenUnit.id}/disable`).type('form').send({ _csrf: token });
    expect(res.status).toBe(403);
    expect((await t.db.getRepository(BuyerUnit).findOneByOrFail({ id: takenUnit.id })).disabled).toBe(false);
    const visitor = await request(t.http).get('/admin/buyers');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe('/login?next=%2Fadmin%2Fbuyers');
  });
});
