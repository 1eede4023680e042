import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { County } from '../src/counties/county.entity';
import { DonationAccount } from '../src/donations/donation-account.entity';
import { DonationProject } from '../src/donations/donation-project.entity';
import { Pledge } from '../src/donations/pledge.entity';
import { PledgesService } from '../src/donations/pledges/pledges.service';
import { Fair } from '../src/fairs/fair.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { makeBuyerUnit, makeCounty, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** A valid public pledge form, as a visitor fills it in; tests override one field at a time. */
const PUBLIC_FORM = { donorKind: 'person', donorName: '张爱心', donorPhone: '13800138000', publicity: 'named', amount: '500' };

describe(`pledges and claims (认捐/认领) (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let unitA: BuyerUnit;
  let buyerA: Agent;
  let buyerB: Agent;
  let organiser: Agent;
  let countyUser: Agent;
  /** Each request posts from its own client address, so the per-address rate limit is per test. */
  let address = 0;
  const nextAddress = () => `198.51.${Math.floor(++address / 250)}.${address % 250}`;
  const snap = () => dbSnapshot(t.db, t.config.dataDir);
  const pledges = () => t.db.getRepository(Pledge).find({ order: { id: 'ASC' } });

  /** Takes a CSRF token (from the log-in page: a form every client may open) and posts `fields` to `action`. */
  async function post(action: string, fields: Record<string, string>, options: { agent?: Agent; ip?: string } = {}) {
    const agent = options.agent ?? browser(t.http);
    const page = await agent.get('/login').expect(200);
    return agent
      .post(action)
      .set('X-Forwarded-For', options.ip ?? nextAddress())
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  /** Asserts a refusal: its status, its Chinese message, and a database exactly as before. */
  async function expectRefused(send: () => Promise<request.Response>, status: number, message: string | RegExp) {
    const before = await snap();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.text).toMatch(message);
    expect(snapshotDiff(before, await snap())).toEqual([]);
    return res;
  }

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    unitA = await makeBuyerUnit(t.db, { name: '宿州市第一中学', mobile: '13900000001' });
    const unitB = await makeBuyerUnit(t.db, { name: '宿州市立医院' });
    buyerA = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unitA.id })).username);
    buyerB = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unitB.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    countyUser = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    await t.db.getRepository(DonationAccount).save({
      office: dangshan.code,
      accountName: '砀山县扶贫开发局',
      bankName: '中国农业银行砀山县支行',
      accountNo: '1234 5678 9012 3456',
      note: '汇款时请注明认捐编号',
    });
  });
  afterAll(() => t?.close());

  describe('a visitor pledges to a project', () => {
    it('pledges anonymously: a pledge number, the access link, the office’s account, an audit entry without the phone', async () => {
      const project = await makeProject(t.db, dangshan, { title: '良梨镇酥梨冷库建设' });
      const form = await request(t.http).get(`/projects/${project.id}/pledge`).expect(200);
      expect(form.text).toContain('良梨镇酥梨冷库建设');
      const res = await post(`/projects/${project.id}/pledge`, {
        ...PUBLIC_FORM,
        donorPhone: '+86 138-0013-8000',
        publicity: 'anonymous',
        amount: '1,234.50',
        message: '一点心意',
      });
      expect(res.status).toBe(303);
      const token = /^\/pledges\/([A-Za-z0-9_-]{32})$/.exec(res.headers.location)?.[1];
      expect(token).toBeDefined();

      const saved = await t.db.getRepository(Pledge).findOneByOrFail({ accessToken: token });
      expect(saved).toMatchObject({
        projectId: project.id,
        countyId: dangshan.id,
        donorKind: 'person',
        donorName: '张爱心',
        donorPhone: '13800138000',
        anonymous: true,
        amountFen: 123_450,
        claim: false,
        status: 'open',
        buyerUnitId: null,
        message: '一点心意',
      });
      expect(saved.pledgeNo).toMatch(/^RJ-\d{8}-\d{4}$/);
      const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'pledge.create', entityId: String(saved.id) });
      expect(audit.userId).toBeNull();
      expect(JSON.stringify(audit.changes)).not.toContain('13800138000');

      const page = await request(t.http).get(`/pledges/${token}`).expect(200);
      expect(page.headers['cache-control']).toBe('no-store');
      for (const text of [
        saved.pledgeNo,
        '¥1,234.50',
        '壹仟贰佰叁拾肆元伍角',
        '良梨镇酥梨冷库建设',
        '1234 5678 9012 3456',
        '中国农业银行砀山县支行',
        '匿名',
      ]) {
        expect(page.text).toContain(text);
      }
      expect(page.text).not.toContain('13800138000');
    });

    it('numbers pledges one after another from the shared counter', async () => {
      const project = await makeProject(t.db, dangshan);
      const first = await post(`/projects/${project.id}/pledge`, PUBLIC_FORM);
      const second = await post(`/projects/${project.id}/pledge`, PUBLIC_FORM);
      const [a, b] = await Promise.all(
        [first, second].map((r) => t.db.getRepository(Pledge).findOneByOrFail({ accessToken: r.headers.location.split('/')[2] })),
      );
      expect(Number(b.pledgeNo.slice(-4))).toBe(Number(a.pledgeNo.slice(-4)) + 1);
      expect(b.pledgeNo.slice(0, 11)).toBe(a.pledgeNo.slice(0, 11));
    });

    it('says whom to contact when the office has no account yet', async () => {
      const project = await makeProject(t.db, xiaoxian, { contactOffice: '萧县扶贫开发领导小组办公室', contactPhone: '0557-5012345' });
      const res = await post(`/projects/${project.id}/pledge`, PUBLIC_FORM);
      const page = await request(t.http).get(res.headers.location).expect(200);
      expect(page.text).toContain('萧县扶贫开发局的捐赠账户尚未公布');
      expect(page.text).toContain('萧县扶贫开发领导小组办公室（电话 0557-5012345）');
    });

    it('refuses a project that is not published, closed, funded, ended, past its deadline or claimed, writing nothing', async () => {
      const claimed = await makeProject(t.db, dangshan, { claimMode: 'whole' });
      const claim = await makePledge(t.db, claimed, { claim: true, amountFen: claimed.soughtFen! });
      await t.db.getRepository(DonationProject).update({ id: claimed.id }, { claimedByPledgeId: claim.id });
      const cases: [Partial<DonationProject>, number, RegExp][] = [
        [{ status: 'draft', publishedAt: null }, 404, /该项目不存在/],
        [{ status: 'pending', publishedAt: null }, 404, /该项目不存在/],
        [{ status: 'returned', publishedAt: null }, 404, /该项目不存在/],
        [{ status: 'closed' }, 409, /该项目已关闭，不再接受认捐/],
        [{ status: 'funded' }, 409, /该项目已筹满/],
        [{ status: 'ended' }, 409, /该项目已结束/],
        [{ deadline: '2020-10-16' }, 409, /该项目的认捐已于 2020年10月16日 截止/],
      ];
      for (const [overrides, status, message] of cases) {
        const project = await makeProject(t.db, dangshan, overrides);
        await expectRefused(() => post(`/projects/${project.id}/pledge`, PUBLIC_FORM), status, message);
        const page = await expectRefused(() => request(t.http).get(`/projects/${project.id}/pledge`), status, message);
        expect(page.text).not.toContain('<form method="post" action="/projects/');
      }
      await expectRefused(() => post(`/projects/${claimed.id}/pledge`, PUBLIC_FORM), 409, /该项目已被认领/);
    });

    it('refuses bad amounts, a bad phone and too-long text beside the field, keeping what was typed', async () => {
      const project = await makeProject(t.db, dangshan);
      const action = `/projects/${project.id}/pledge`;
      const bad: [Record<string, string>, RegExp][] = [
        [{ amount: '0' }, /认捐金额应大于 0 元/],
        [{ amount: '-5' }, /认捐金额不能为负数/],
        [{ amount: '12.345' }, /认捐金额最多两位小数/],
        [{ amount: '100000000.01' }, /认捐金额不能超过 1 亿元/],
        [{ amount: '五百元' }, /认捐金额应为数字/],
        [{ amount: '' }, /请填写认捐金额/],
        [{ donorPhone: '12345' }, /手机号码应为11位数字/],
        [{ donorPhone: '' }, /请填写联系电话/],
        [{ donorName: '' }, /请填写姓名或单位名称/],
        [{ donorName: '名'.repeat(61) }, /姓名或单位名称不能超过60个字/],
        [{ message: '话'.repeat(201) }, /留言不能超过200个字/],
        [{ donorKind: 'unit' }, /请选择捐赠人类别/],
        [{ publicity: 'maybe' }, /请选择公示时是否显示捐赠人名称/],
      ];
      for (const [fields, message] of bad) {
        const res = await expectRefused(() => post(action, { ...PUBLIC_FORM, ...fields }), 422, message);
        if (fields.amount) expect(res.text).toContain(`value="${fields.amount}"`);
      }
      // The largest amount still goes through.
      expect((await post(action, { ...PUBLIC_FORM, amount: '100000000' })).status).toBe(303);
    });

    it('refuses a form without its CSRF token', async () => {
      const project = await makeProject(t.db, dangshan);
      await expectRefused(
        () => request(t.http).post(`/projects/${project.id}/pledge`).type('form').send(PUBLIC_FORM),
        403,
        /页面已过期或表单无效/,
      );
    });

    it('limits pledges from one address to 10 in 10 minutes, with a Chinese 429', async () => {
      const project = await makeProject(t.db, dangshan);
      const ip = nextAddress();
      for (let i = 0; i < 10; i++) expect((await post(`/projects/${project.id}/pledge`, PUBLIC_FORM, { ip })).status).toBe(303);
      await expectRefused(() => post(`/projects/${project.id}/pledge`, PUBLIC_FORM, { ip }), 429, /[\u4e00-\u9fff]/);
    });
  });

  describe('claims (认领) of a whole project', () => {
    it('lets a buyer unit claim a whole project as itself, which then takes no other pledge', async () => {
      const project = await makeProject(t.db, dangshan, { claimMode: 'whole', soughtFen: 8_000_000, title: '唐寨镇小学食堂改造' });
      const form = await buyerA.get(`/projects/${project.id}/pledge`).expect(200);
      expect(form.text).toContain('宿州市第一中学');
      expect(form.text).toContain('¥80,000.00');
      expect(form.text).not.toContain('name="amount"');
      const res = await post(`/projects/${project.id}/pledge`, { donorPhone: '13900000001', publicity: 'named' }, { agent: buyerA });
      expect(res.status).toBe(303);
      const id = Number(/^\/my\/pledges\/(\d+)$/.exec(res.headers.location)?.[1]);
      const saved = await t.db.getRepository(Pledge).findOneByOrFail({ id });
      expect(saved).toMatchObject({
        donorKind: 'unit',
        buyerUnitId: unitA.id,
        donorName: '宿州市第一中学',
        claim: true,
        amountFen: 8_000_000,
        accessToken: null,
      });
      expect((await t.db.getRepository(DonationProject).findOneByOrFail({ id: project.id })).claimedByPledgeId).toBe(id);
      const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'pledge.create', entityId: String(id) });
      expect(audit.userId).not.toBeNull();

      const mine = await buyerA.get('/my/pledges').expect(200);
      expect(mine.text).toContain(saved.pledgeNo);
      expect(mine.text).toContain('待付款');
      await buyerA.get(`/my/pledges/${id}`).expect(200);
      await buyerB.get(`/my/pledges/${id}`).expect(404);
      await expectRefused(() => post(`/projects/${project.id}/pledge`, PUBLIC_FORM, { agent: buyerB }), 409, /该项目已被认领/);
    });

    it('shows a unit its pledges with what was received on each, and the organiser the audit entries', async () => {
      const project = await makeProject(t.db, xiaoxian, { title: '萧县圣泉镇蔬菜大棚' });
      const res = await post(
        `/projects/${project.id}/pledge`,
        { donorPhone: '13900000001', publicity: 'anonymous', amount: '2000' },
        { agent: buyerA },
      );
      const id = Number(res.headers.location.split('/')[3]);
      await makeReceipt(t.db, project, xiaoxian, { pledgeId: id, amountFen: 50_000 });
      const mine = await buyerA.get('/my/pledges').expect(200);
      const row = mine.text.slice(mine.text.indexOf(`/my/pledges/${id}`));
      expect(row.slice(0, 800)).toMatch(/萧县圣泉镇蔬菜大棚[\s\S]*¥2,000.00[\s\S]*¥500.00[\s\S]*部分到账/);
      const page = await buyerA.get(`/my/pledges/${id}`).expect(200);
      expect(page.text).toContain('尚待到账 ¥1,500.00');
      expect(page.text).not.toContain('取消认捐</button>');
      const audit = await organiser.get('/admin/audit').expect(200);
      expect(audit.text).toContain('认捐/认领');
      expect(audit.text).toContain('认捐金额');
    });

    it('of two claims sent at the same moment, exactly one wins', async () => {
      const project = await makeProject(t.db, dangshan, { claimMode: 'whole' });
      const before = (await pledges()).length;
      const agents = [browser(t.http), browser(t.http), buyerB];
      const forms = await Promise.all(agents.map(async (agent) => ({ agent, _csrf: csrfFrom((await agent.get('/donate')).text) })));
      const responses = await Promise.all(
        forms.map(({ agent, _csrf }) =>
          agent
            .post(`/projects/${project.id}/pledge`)
            .set('X-Forwarded-For', nextAddress())
            .type('form')
            .send({ _csrf, ...PUBLIC_FORM }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([303, 409, 409]);
      const created = (await pledges()).slice(before);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ projectId: project.id, claim: true, amountFen: project.soughtFen });
      expect((await t.db.getRepository(DonationProject).findOneByOrFail({ id: project.id })).claimedByPledgeId).toBe(created[0].id);
    });
  });

  describe('undirected pledges (/donate)', () => {
    it('goes to a county’s fund or the city’s', async () => {
      const county = await post('/donate', {
        ...PUBLIC_FORM,
        fund: dangshan.code,
        donorKind: 'organisation',
        donorName: '宿州某科技有限公司',
      });
      expect(county.status).toBe(303);
      const toCounty = await t.db.getRepository(Pledge).findOneByOrFail({ accessToken: county.headers.location.split('/')[2] });
      expect(toCounty).toMatchObject({ projectId: null, countyId: dangshan.id, donorKind: 'organisation' });
      const page = await request(t.http).get(county.headers.location).expect(200);
      expect(page.text).toContain('砀山县扶贫基金（不定向）');

      const city = await post('/donate', { ...PUBLIC_FORM, fund: 'city' }, { agent: buyerA });
      const toCity = await t.db.getRepository(Pledge).findOneByOrFail({ id: Number(city.headers.location.split('/')[3]) });
      expect(toCity).toMatchObject({ projectId: null, countyId: null, donorKind: 'unit', buyerUnitId: unitA.id });
      expect((await buyerA.get(city.headers.location)).text).toContain('请联系市扶贫开发局');
    });

    it('refuses an unknown fund', async () => {
      await expectRefused(() => post('/donate', { ...PUBLIC_FORM, fund: '999999' }), 422, /请选择捐赠给哪个扶贫基金/);
      await expectRefused(() => post('/donate', { ...PUBLIC_FORM }), 422, /请选择捐赠给哪个扶贫基金/);
    });

    it('refuses a pledge while the current fair is archived', async () => {
      const fairs = t.db.getRepository(Fair);
      const fair = await fairs.findOneByOrFail({ current: true });
      await fairs.update({ id: fair.id }, { status: 'archived' });
      try {
        await expectRefused(() => post('/donate', { ...PUBLIC_FORM, fund: 'city' }), 409, /已归档/);
      } finally {
        await fairs.update({ id: fair.id }, { status: fair.status });
      }
    });
  });

  describe('cancelling', () => {
    it('lets the donor cancel from the pledge page after confirming; a cancelled claim frees its project', async () => {
      const project = await makeProject(t.db, dangshan, { claimMode: 'whole' });
      const res = await post(`/projects/${project.id}/pledge`, PUBLIC_FORM);
      const agent = browser(t.http);
      const page = await agent.get(res.headers.location).expect(200);
      const _csrf = csrfFrom(page.text);
      const confirm = await expectRefused(() => agent.post(`${res.headers.location}/cancel`).type('form').send({ _csrf }), 200, /确认取消/);
      expect(confirm.text).toContain('取消后该项目将重新开放');
      const done = await agent.post(`${res.headers.location}/cancel`).type('form').send({ _csrf, confirmed: '1' });
      expect(done.status).toBe(303);
      const saved = await t.db.getRepository(Pledge).findOneByOrFail({ accessToken: res.headers.location.split('/')[2] });
      expect(saved.status).toBe('cancelled');
      expect((await t.db.getRepository(DonationProject).findOneByOrFail({ id: project.id })).claimedByPledgeId).toBeNull();
      // The project's claim and its release are the projects part's audit entries, on the project.
      const projectEntries = await t.db
        .getRepository(AuditLog)
        .find({ where: { entityType: 'donation_project', entityId: String(project.id) }, order: { id: 'ASC' } });
      expect(projectEntries.map((e) => e.action)).toEqual(['project.claim', 'project.unclaim']);
      expect((await agent.get(res.headers.location)).text).toContain('已取消');
      await expectRefused(() => agent.post(`${res.headers.location}/cancel`).type('form').send({ _csrf, confirmed: '1' }), 409, /已取消/);
    });

    it('refuses to cancel a pledge with money received on it', async () => {
      const project = await makeProject(t.db, dangshan);
      const pledge = await makePledge(t.db, project, { accessToken: 'R'.repeat(32) });
      await makeReceipt(t.db, project, dangshan, { pledgeId: pledge.id, amountFen: 10_000 });
      const agent = browser(t.http);
      const page = await agent.get(`/pledges/${pledge.accessToken}`).expect(200);
      expect(page.text).not.toContain('取消认捐</button>');
      await expectRefused(
        async () => {
          const _csrf = csrfFrom((await agent.get('/donate')).text);
          return agent.post(`/pledges/${pledge.accessToken}/cancel`).type('form').send({ _csrf, confirmed: '1' });
        },
        409,
        /已有款项到账，不能取消/,
      );
    });

    it('lets a unit cancel its own pledge from its account, and no other unit’s', async () => {
      const res = await post('/donate', { ...PUBLIC_FORM, fund: dangshan.code }, { agent: buyerA });
      const id = res.headers.location.split('/')[3];
      const tokenB = csrfFrom((await buyerB.get('/my/pledges')).text);
      await expectRefused(
        () => buyerB.post(`/my/pledges/${id}/cancel`).type('form').send({ _csrf: tokenB, confirmed: '1' }),
        404,
        /不存在/,
      );
      const tokenA = csrfFrom((await buyerA.get(`/my/pledges/${id}`)).text);
      const done = await buyerA.post(`/my/pledges/${id}/cancel`).type('form').send({ _csrf: tokenA, confirmed: '1' });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/my/pledges');
      expect((await t.db.getRepository(Pledge).findOneByOrFail({ id: Number(id) })).status).toBe('cancelled');
    });
  });

  describe('addresses that name no pledge or project', () => {
    it('answers 404 for unknown and malformed tokens and for ids beyond 32 bits', async () => {
      for (const path of [
        `/pledges/${'x'.repeat(32)}`,
        '/pledges/abc',
        '/pledges/..%2F..',
        '/projects/4294967296/pledge',
        '/projects/0/pledge',
      ]) {
        await expectRefused(() => request(t.http).get(path), 404, /不存在/);
      }
      await expectRefused(() => buyerA.get('/my/pledges/4294967296'), 404, /不存在/);
      await expectRefused(() => post('/projects/4294967296/pledge', PUBLIC_FORM), 404, /不存在/);
      await expectRefused(() => post('/projects/99999999999999999999/pledge', PUBLIC_FORM), 404, /不存在/);
    });

    it('refuses staff accounts, who do not pledge', async () => {
      const project = await makeProject(t.db, dangshan);
      await expectRefused(() => countyUser.get(`/projects/${project.id}/pledge`), 403, /工作人员账号不能认捐/);
      await expectRefused(() => post(`/projects/${project.id}/pledge`, PUBLIC_FORM, { agent: organiser }), 403, /工作人员账号不能认捐/);
    });
  });

  describe('the organiser’s 捐赠账户', () => {
    it('lists every office and sets an account, audited; bad input and unknown offices write nothing', async () => {
      const list = await organiser.get('/admin/donations/accounts').expect(200);
      expect(list.text).toContain('市扶贫开发局');
      expect(list.text).toContain('萧县扶贫开发局');
      const form = await organiser.get(`/admin/donations/accounts/${xiaoxian.code}/edit`).expect(200);
      const _csrf = csrfFrom(form.text);
      const fields = { _csrf, accountName: '萧县扶贫开发局', bankName: '中国建设银行萧县支行', accountNo: '3405 0166 8888', note: '' };
      await expectRefused(
        () =>
          organiser
            .post(`/admin/donations/accounts/${xiaoxian.code}`)
            .type('form')
            .send({ ...fields, accountNo: '' }),
        422,
        /请填写账号/,
      );
      await expectRefused(
        () =>
          organiser
            .post(`/admin/donations/accounts/${xiaoxian.code}`)
            .type('form')
            .send({ ...fields, bankName: '行'.repeat(61) }),
        422,
        /开户行不能超过60个字/,
      );
      await expectRefused(() => organiser.post('/admin/donations/accounts/999999').type('form').send(fields), 404, /不存在/);
      await expectRefused(
        () => countyUser.post(`/admin/donations/accounts/${xiaoxian.code}`).type('form').send(fields),
        403,
        /[\u4e00-\u9fff]/,
      );

      const saved = await organiser.post(`/admin/donations/accounts/${xiaoxian.code}`).type('form').send(fields);
      expect(saved.status).toBe(303);
      expect(await t.db.getRepository(DonationAccount).findOneByOrFail({ office: xiaoxian.code })).toMatchObject({
        bankName: '中国建设银行萧县支行',
        note: null,
      });
      const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'donation-account.update' });
      expect(audit.changes?.accountNo).toEqual({ before: null, after: '3405 0166 8888' });
      expect((await organiser.get('/admin/donations/accounts')).text).toContain('3405 0166 8888');
    });
  });

  describe('PledgesService, for the offices recording money', () => {
    it('lists an office’s open pledges, refuses another office’s, and tells what remains to come', async () => {
      const service = t.app.get(PledgesService);
      const project = await makeProject(t.db, xiaoxian);
      const open = await makePledge(t.db, project, { amountFen: 100_000 });
      await makePledge(t.db, project, { status: 'cancelled' });
      const cityFund = await makePledge(t.db, null, { countyId: null });
      await makeReceipt(t.db, project, xiaoxian, { pledgeId: open.id, amountFen: 30_000 });
      await makeReceipt(t.db, project, xiaoxian, { pledgeId: open.id, amountFen: 5_000, voidedAt: new Date(), voidReason: '录入错误' });

      const xiaoxianOpen = await service.openPledgesForOffice(project.fairId, xiaoxian.code);
      expect(xiaoxianOpen.map((p) => p.id)).toContain(open.id);
      expect(xiaoxianOpen.every((p) => p.countyId === xiaoxian.id && p.status === 'open')).toBe(true);
      expect((await service.openPledgesForOffice(project.fairId, 'city')).map((p) => p.id)).toContain(cityFund.id);
      expect((await service.byIdForOffice(open.id, xiaoxian.code)).id).toBe(open.id);
      await expect(service.byIdForOffice(open.id, dangshan.code)).rejects.toThrow('不存在');
      await expect(service.byIdForOffice(open.id, 'city')).rejects.toThrow('不存在');
      expect(await service.remainingFen(open)).toBe(70_000);
    });
  });
});
