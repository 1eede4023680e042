import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { SessionUser } from '../src/auth/current-user';
import type { County } from '../src/counties/county.entity';
import { FairListingsService } from '../src/fairs/fair-listings.service';
import { Fair } from '../src/fairs/fair.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import type { Intent } from '../src/intents/intent.entity';
import { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * The organiser's fairs, as a new user would go: create the 2021 fair from the 2020 one, edit
 * it, move it through its life cycle, make it current (the catalogue and the API follow), and
 * archive the 2020 fair, after which nothing of it changes.
 */
describe(`the organiser’s fairs (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let organiser: Agent;
  let organiserUser: SessionUser;
  let countyOperator: Agent;
  let dangshan: County;
  let xiao: County;
  let pear: Product;
  let juice: Product;
  let notListed: Product;
  let withdrawn: Product;
  let grape: Product;
  let intent2020: Intent;
  let fair2020: Fair;
  let fair2021: Fair;
  const tokens = new Map<Agent, string>();

  const fairs = () => t.db.getRepository(Fair);
  const snap = () => dbSnapshot(t.db, t.config.dataDir);
  const post = (path: string, fields: Record<string, string> = {}, agent = organiser) =>
    agent
      .post(path)
      .type('form')
      .send({ _csrf: tokens.get(agent), ...fields });
  const advance = (fair: Fair, from: string) => post(`/admin/fairs/${fair.id}/status`, { from, confirm: 'on' });
  const fairForm = (overrides: Record<string, string> = {}) => ({
    name: '宿州市2021年扶贫日消费扶贫展销会',
    date: '2021-10-17',
    venue: '宿州市体育馆',
    intentDeadline: '2021-10-15T18:00',
    minimumProducts: '20',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiao = await makeCounty(t.db, { code: '341322', name: '萧县' });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨' });
    juice = await makeProduct(t.db, dangshan, { name: '砀山梨汁' });
    notListed = await makeProduct(t.db, dangshan, { name: '砀山黄桃罐头' }, { listed: false });
    withdrawn = await makeProduct(t.db, dangshan, { name: '下架的梨膏' });
    grape = await makeProduct(t.db, xiao, { name: '萧县葡萄' });
    // Listed in 2020, withdrawn since: not offered for 2021.
    await t.db.getRepository(Product).update({ id: withdrawn.id }, { status: 'withdrawn' });
    const unit = await makeBuyerUnit(t.db, { name: '宿州市第一中学' });
    intent2020 = await makeIntent(t.db, unit, [{ product: pear, quantity: 10 }]);
    fair2020 = await fairs().findOneByOrFail({ id: await currentFairId(t.db) });
    const user = await makeUser(t.db, 'organiser');
    organiserUser = { id: user.id, username: user.username, role: 'organiser' } as SessionUser;
    organiser = await signedIn(t.http, user.username);
    countyOperator = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    for (const agent of [organiser, countyOperator]) tokens.set(agent, csrfFrom((await agent.get('/login')).text));
  });
  afterAll(() => t?.close());

  it('lists the fairs with their date, status, the current one and their counts', async () => {
    const page = await organiser.get('/admin/fairs').expect(200);
    expect(page.text).toContain('宿州市2020年扶贫日消费扶贫展销会');
    expect(page.text).toContain('2020年10月17日');
    expect(page.text).toContain('意向登记中');
    expect(page.text).toContain('>当前</span>');
    // pear, juice, the withdrawn one (listed before withdrawal) and grape; one intent.
    expect(page.text).toContain('<dt>参展产品</dt><dd>4 个</dd>');
    expect(page.text).toContain('<dt>采购意向</dt><dd>1 份</dd>');
    expect(page.text).toContain('<a href="/admin/fairs" aria-current="page" class="active">展销会</a>');
  });

  it('offers a new fair filled in from the current one, a year on', async () => {
    await post(
      `/admin/fairs/${fair2020.id}`,
      fairForm({ name: fair2020.name, date: '2020-10-17', intentDeadline: '2020-10-15T18:00' }),
    ).expect(303);
    const page = await organiser.get('/admin/fairs/new').expect(200);
    expect(page.text).toContain('value="宿州市2021年扶贫日消费扶贫展销会"');
    expect(page.text).toContain('value="2021-10-17"');
    expect(page.text).toContain('value="2021-10-15T18:00"');
    expect(page.text).toContain('value="宿州市体育馆"');
    expect(page.text).toContain('value="20"');
  });

  it('refuses a deadline after the fair day, an empty name or date and a minimum out of range, writing nothing', async () => {
    const before = await snap();
    for (const [fields, message] of [
      [{ intentDeadline: '2021-10-18T00:00' }, '意向截止时间不能晚于举办日期'],
      [{ name: ' ' }, '请填写展销会名称'],
      [{ date: '' }, '请填写举办日期'],
      [{ minimumProducts: '0' }, '每县最少产品数至少为1'],
      [{ minimumProducts: '1001' }, '每县最少产品数不能超过1000'],
    ] as const) {
      const res = await post('/admin/fairs', fairForm(fields));
      expect([fields, res.status]).toEqual([fields, 422]);
      expect(res.text).toContain(message);
    }
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('creates the 2021 fair from the 2020 one: 筹备中, not current, with an audit entry', async () => {
    const res = await post('/admin/fairs', fairForm());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/fairs');
    fair2021 = await fairs().findOneByOrFail({ name: '宿州市2021年扶贫日消费扶贫展销会' });
    expect(fair2021).toMatchObject({
      date: '2021-10-17',
      venue: '宿州市体育馆',
      status: 'preparing',
      current: null,
      previousFairId: fair2020.id,
    });
    expect(fair2021.intentDeadline!.toISOString()).toBe('2021-10-15T10:00:00.000Z');
    expect(await currentFairId(t.db)).toBe(fair2020.id);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'fair.create', entityId: String(fair2021.id) })).toBe(1);
    const list = await organiser.get('/admin/fairs');
    expect(list.text).toContain('已新建宿州市2021年扶贫日消费扶贫展销会（筹备中）');
    const api = await request(t.http).get('/api/fairs').expect(200);
    expect(api.body).toEqual([
      { id: fair2021.id, name: fair2021.name, date: '2021-10-17', status: 'preparing', current: false },
      { id: fair2020.id, name: fair2020.name, date: '2020-10-17', status: 'open', current: true },
    ]);
  });

  it('offers each county last fair’s listing to carry over, and lists it in one step', async () => {
    const listings = t.app.get(FairListingsService);
    // Still published and listed in 2020; not the one never listed, nor the withdrawn one, nor another county's.
    expect(await listings.carryOverCandidates(fair2021.id, dangshan.id)).toEqual([pear.id, juice.id]);
    expect(await listings.carryOverCandidates(fair2020.id, dangshan.id)).toEqual([]);
    expect(await listings.listedAmong(fair2021.id, [pear.id, juice.id, notListed.id])).toEqual(new Set());
    expect(await listings.confirmCarryOver(organiserUser, fair2021.id, dangshan.id)).toEqual([pear.id, juice.id]);
    expect(await listings.listedAmong(fair2021.id, [pear.id, juice.id, notListed.id, withdrawn.id])).toEqual(new Set([pear.id, juice.id]));
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'listing.carry-over' })).toBe(1);
    // Nothing left (a second press, a reload): nothing listed, nothing written.
    const before = await snap();
    expect(await listings.confirmCarryOver(organiserUser, fair2021.id, dangshan.id)).toEqual([]);
    expect(await listings.carryOverCandidates(fair2021.id, dangshan.id)).toEqual([]);
    expect(snapshotDiff(before, await snap())).toEqual([]);
    expect(await listings.carryOverCandidates(fair2021.id, xiao.id)).toEqual([grape.id]);
  });

  it('edits the new fair: a deadline on the fair day itself is accepted, the next minute is not', async () => {
    const page = await organiser.get(`/admin/fairs/${fair2021.id}/edit`).expect(200);
    expect(page.text).toContain('value="宿州市2021年扶贫日消费扶贫展销会"');
    const before = await snap();
    const late = await post(`/admin/fairs/${fair2021.id}`, fairForm({ intentDeadline: '2021-10-18T00:00' }));
    expect(late.status).toBe(422);
    expect(late.text).toContain('意向截止时间不能晚于举办日期');
    expect(late.text).toContain('value="2021-10-18T00:00"');
    expect(snapshotDiff(before, await snap())).toEqual([]);
    await post(`/admin/fairs/${fair2021.id}`, fairForm({ intentDeadline: '2021-10-17T23:59', venue: '' })).expect(303);
    const saved = await fairs().findOneByOrFail({ id: fair2021.id });
    expect(saved.intentDeadline!.toISOString()).toBe('2021-10-17T15:59:00.000Z');
    expect(saved.venue).toBeNull();
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'fair.update', entityId: String(fair2021.id) })).toBe(1);
  });

  it('moves a fair one step forward only after a confirmation, never twice for one', async () => {
    const page = await organiser.get(`/admin/fairs/${fair2021.id}/status`).expect(200);
    expect(page.text).toContain('现在是“筹备中”，将改为“意向登记中”');
    expect(page.text).toContain('name="confirm"');
    const before = await snap();
    const unconfirmed = await post(`/admin/fairs/${fair2021.id}/status`, { from: 'preparing' });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('请勾选确认后再提交');
    expect(snapshotDiff(before, await snap())).toEqual([]);

    await advance(fair2021, 'preparing').expect(303);
    expect((await fairs().findOneByOrFail({ id: fair2021.id })).status).toBe('open');
    // The same confirmation again (a reload, a double click): refused, the fair stays where it is.
    const again = await advance(fair2021, 'preparing');
    expect(again.status).toBe(409);
    expect(again.text).toContain('现在是“意向登记中”');
    expect((await fairs().findOneByOrFail({ id: fair2021.id })).status).toBe('open');
    const log = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'fair.status', entityId: String(fair2021.id) });
    expect(log.changes).toEqual({ status: { before: 'preparing', after: 'open' } });
  });

  it('makes the 2021 fair current: the layout, the catalogue and the API follow at once', async () => {
    // The layout's copy of the current fair is read (and kept for a few seconds) here.
    expect((await request(t.http).get('/products').expect(200)).text).toContain('宿州市2020年扶贫日消费扶贫展销会');
    await post(`/admin/fairs/${fair2021.id}/make-current`).expect(303);
    expect(await currentFairId(t.db)).toBe(fair2021.id);
    expect((await fairs().findOneByOrFail({ id: fair2020.id })).current).toBeNull();
    const catalogue = await request(t.http).get('/products').expect(200);
    expect(catalogue.text).toContain('<title>产品目录 - 宿州市2021年扶贫日消费扶贫展销会</title>');
    expect(catalogue.text).toContain('砀山酥梨');
    expect(catalogue.text).not.toContain('萧县葡萄'); // 萧县 has not carried its listing over yet
    const api = await request(t.http).get('/api/fairs').expect(200);
    expect((api.body as { id: number; current: boolean }[]).filter((f) => f.current).map((f) => f.id)).toEqual([fair2021.id]);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'fair.make-current', entityId: String(fair2021.id) })).toBe(1);
    // Current already: refused, nothing written.
    const before = await snap();
    const again = await post(`/admin/fairs/${fair2021.id}/make-current`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('已经是当前展销会');
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('refuses to archive the current fair until another one is current', async () => {
    await advance(fair2021, 'open').expect(303);
    await advance(fair2021, 'closed').expect(303);
    expect((await organiser.get('/admin/fairs')).text).toContain('将另一届设为当前后才能归档');
    const page = await organiser.get(`/admin/fairs/${fair2021.id}/status`).expect(200);
    expect(page.text).toContain('归档后该届展销会的所有记录只能查看，公示数据不再变动');
    const before = await snap();
    const res = await advance(fair2021, 'finished');
    expect(res.status).toBe(409);
    expect(res.text).toContain('请先将另一届展销会设为当前');
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('archives the 2020 fair step by step; after that nothing of it changes', async () => {
    for (const from of ['open', 'closed', 'finished']) await advance(fair2020, from).expect(303);
    expect((await fairs().findOneByOrFail({ id: fair2020.id })).status).toBe('archived');
    const list = await organiser.get('/admin/fairs');
    expect(list.text).toContain('已归档，只能查看');

    const before = await snap();
    const line = await t.db.getRepository(IntentLine).findOneByOrFail({ intentId: intent2020.id });
    const refusals = [
      ['edit page', await organiser.get(`/admin/fairs/${fair2020.id}/edit`)],
      ['edit', await post(`/admin/fairs/${fair2020.id}`, fairForm({ name: '不应保存' }))],
      ['status page', await organiser.get(`/admin/fairs/${fair2020.id}/status`)],
      ['status', await advance(fair2020, 'archived')],
      ['make current', await post(`/admin/fairs/${fair2020.id}/make-current`)],
      ['confirm intent', await post(`/admin/intents/${intent2020.id}/status`, { action: 'confirm' })],
      ['cancel intent', await post(`/admin/intents/${intent2020.id}/status`, { action: 'cancel', reason: '测试取消', confirmed: '1' })],
      ['sign intent', await post(`/admin/intents/${intent2020.id}/quantities`, { kind: 'signed', [`signed[${line.id}]`]: '10' })],
      ['county signs', await post(`/county/signing/${intent2020.id}`, { kind: 'signed', [`signed[${line.id}]`]: '10' }, countyOperator)],
    ] as const;
    for (const [what, res] of refusals) {
      expect([what, res.status]).toEqual([what, 409]);
      expect(res.text).toContain('已归档，其记录只能查看，不能修改');
    }
    await expect(t.app.get(FairListingsService).confirmCarryOver(organiserUser, fair2020.id, xiao.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('leaves exactly one current fair when several are made current at once', async () => {
    const repo = fairs();
    const contenders = [];
    for (const name of ['春季', '夏季', '秋季', '冬季']) {
      contenders.push(await repo.save(repo.create({ name: `宿州市2022年${name}消费帮扶展销会`, date: '2022-10-17', current: null })));
    }
    const answers = await Promise.all(contenders.map((f) => post(`/admin/fairs/${f.id}/make-current`)));
    const statuses = answers.map((r) => r.status);
    // SQLite runs them one after the other (all succeed, the last wins); on PostgreSQL one that
    // overlaps another meets the unique index and is refused with a message.
    expect(statuses.every((s) => s === 303 || s === 409)).toBe(true);
    expect(statuses).toContain(303);
    for (const r of answers.filter((x) => x.status === 409)) expect(r.text).toContain('另一届展销会刚刚被设为当前');
    const current = await repo.findBy({ current: true });
    expect(current).toHaveLength(1);
    expect(contenders.map((f) => f.id)).toContain(current[0].id);
    // One audit entry per fair made current, none for a refusal.
    const made = await t.db.getRepository(AuditLog).countBy({ action: 'fair.make-current' });
    expect(made).toBe(1 + statuses.filter((s) => s === 303).length);
    console.info(`concurrent make-current answers: ${statuses.join(', ')}`);
  });

  it('answers 404 in Chinese for a fair that does not exist', async () => {
    for (const res of [await organiser.get('/admin/fairs/999999/edit'), await post('/admin/fairs/999999/make-current')]) {
      expect(res.status).toBe(404);
      expect(res.text).toContain('该展销会不存在');
    }
  });
});
