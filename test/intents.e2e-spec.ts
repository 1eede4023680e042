import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { County } from '../src/counties/county.entity';
import { IntentListItem } from '../src/intents/intent-list-item.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import { Product } from '../src/products/product.entity';
import { Fair } from '../src/fairs/fair.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { type Agent, csrfFrom, signedIn, submitForm } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('purchase intents: list, submit, amend, withdraw, deadline', () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let pear: Product;
  let grape: Product;
  let honey: Product;
  let school: BuyerUnit;
  let hospital: BuyerUnit;
  let asSchool: Agent;
  let asHospital: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800, minOrder: 10, capacity: 100 });
    grape = await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', priceFen: 1250, minOrder: 5, capacity: 1000 });
    honey = await makeProduct(t.db, xiaoxian, { name: '槐花蜜', priceFen: 3000, minOrder: 1 });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校', contactName: '王老师', mobile: '13800000101' });
    hospital = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院' });
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asHospital = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: hospital.id })).username);
  });
  afterAll(() => t.close());

  async function addToList(agent: Agent, product: Product, quantity?: string) {
    return submitForm(agent, '/login', '/intent-list/items', { productId: String(product.id), ...(quantity ? { quantity } : {}) });
  }
  async function openSubmitForm(agent: Agent) {
    const page = await agent.get('/intent-list/submit').expect(200);
    return { _csrf: csrfFrom(page.text), idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1], page };
  }
  const snapshot = async () => ({
    intents: await t.db.getRepository(Intent).find({ order: { id: 'ASC' } }),
    lines: await t.db.getRepository(IntentLine).find({ order: { id: 'ASC' } }),
    list: await t.db.getRepository(IntentListItem).find({ order: { id: 'ASC' } }),
  });

  it('builds an intent list from two counties with totals in figures and in capitals', async () => {
    expect((await addToList(asSchool, pear, '20')).status).toBe(303);
    expect((await addToList(asSchool, grape)).status).toBe(303); // default: the minimum order (5)
    const page = await asSchool.get('/intent-list').expect(200);
    expect(page.text).toContain('砀山酥梨');
    expect(page.text).toContain('萧县葡萄');
    expect(page.text).toContain('¥1,160.00'); // 20 × 58
    expect(page.text).toContain('¥62.50'); // 5 × 12.50
    expect(page.text).toContain('¥1,222.50');
    expect(page.text).toContain('壹仟贰佰贰拾贰元伍角');
  });

  it.each([
    ['9', '不能少于起订量 10 箱'],
    ['-3', '不能少于起订量 10 箱'],
    ['2.5', '应为整数'],
    ['abc', '应为整数'],
    ['99999999999', '不能超过'],
  ])('refuses the quantity %p with “%s” and changes nothing', async (value, message) => {
    const before = await snapshot();
    const res = await submitForm(asSchool, '/intent-list', '/intent-list/update', {
      [`qty[${pear.id}]`]: value,
      [`qty[${grape.id}]`]: '50',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${value}"`);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to add an unknown or unpublished product, changing nothing', async () => {
    const draft = await makeProduct(t.db, dangshan, { status: 'draft', publishedAt: null });
    const before = await snapshot();
    expect((await addToList(asSchool, draft)).status).toBe(409);
    const unknown = await submitForm(asSchool, '/intent-list', '/intent-list/items', { productId: '999999' });
    expect(unknown.status).toBe(404);
    const garbage = await submitForm(asSchool, '/intent-list', '/intent-list/items', { productId: '1 OR 1=1' });
    expect(garbage.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a change without a CSRF token', async () => {
    const before = await snapshot();
    const res = await asSchool
      .post('/intent-list/update')
      .type('form')
      .send({ [`qty[${pear.id}]`]: '30' });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  let submitted: Intent;

  it('submits the list once, at today’s prices, even when the form is sent twice', async () => {
    const form = await openSubmitForm(asSchool);
    expect(form.page.text).toContain('value="王老师"'); // contact pre-filled from the unit
    const fields = {
      _csrf: form._csrf,
      idempotencyKey: form.idempotencyKey,
      desiredDeliveryDate: '2020-10-30',
      contactName: '王老师',
      contactPhone: '138 0000 0101',
      note: '送到学校食堂',
      priceFen: '1', // a tampered price field is ignored
      [`price[${pear.id}]`]: '1',
    };
    const first = await asSchool.post('/intent-list/submit').type('form').send(fields);
    expect(first.status).toBe(303);
    const second = await asSchool.post('/intent-list/submit').type('form').send(fields);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);

    const intents = await t.db.getRepository(Intent).find({ where: { buyerUnitId: school.id }, relations: { lines: true } });
    expect(intents).toHaveLength(1);
    submitted = intents[0];
    expect(submitted.referenceNo).toMatch(/^YX-\d{8}-\d{4}$/);
    expect(submitted.contactPhone).toBe('13800000101');
    expect(submitted.desiredDeliveryDate).toBe('2020-10-30');
    expect(submitted.lines!.map((l) => [l.productId, l.quantity, l.unitPriceFen]).sort()).toEqual(
      [
        [pear.id, 20, 5800],
        [grape.id, 5, 1250],
      ].sort(),
    );
    expect(await t.db.getRepository(IntentListItem).countBy({ buyerUnitId: school.id })).toBe(0);
    const page = await asSchool.get(first.headers.location);
    expect(page.text).toContain(`采购意向已提交，编号 ${submitted.referenceNo}`);
    const receipt = await asSchool.get(`/my/intents/${submitted.id}/receipt`).expect(200);
    expect(receipt.text).toContain('采购意向登记回执');
    expect(receipt.text).toContain('壹仟贰佰贰拾贰元伍角');
    expect(receipt.text).not.toContain('main-nav');
  });

  it('refuses bad contact details and keeps the list, showing the same form again with what was typed', async () => {
    await addToList(asSchool, honey, '3');
    const form = await openSubmitForm(asSchool);
    const before = await snapshot();
    const res = await asSchool.post('/intent-list/submit').type('form').send({
      _csrf: form._csrf,
      idempotencyKey: form.idempotencyKey,
      contactName: '',
      contactPhone: '12345',
      desiredDeliveryDate: '2020-13-01',
      note: '请送到食堂后门',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请填写联系人');
    expect(res.text).toContain('联系电话应为11位手机号码');
    expect(res.text).toContain('期望交货日期格式应为');
    expect(await snapshot()).toEqual(before);
    // The page the form came from, not the list's: the unit it is submitted for, its title.
    expect(res.text).toContain('采购单位：<strong>宿州市演示实验中学</strong>');
    expect(res.text).toMatch(/<title>提交采购意向 - /);
    expect(res.text).toContain('槐花蜜');
    expect(res.text).toMatch(/<input id="contactPhone" name="contactPhone"[^>]* value="12345"[^>]* aria-invalid="true">/);
    expect(res.text).toContain('>请送到食堂后门</textarea>');
    expect(res.text).toContain(`name="idempotencyKey" value="${form.idempotencyKey}"`);
  });

  it('changes a quantity and removes a line, logging before and after', async () => {
    const page = `/my/intents/${submitted.id}`;
    const res = await submitForm(asSchool, page, page, {
      [`qty[${pear.id}]`]: '30',
      [`qty[${grape.id}]`]: '5',
      [`remove[${grape.id}]`]: 'on',
    });
    expect(res.status).toBe(303);
    const lines = await t.db.getRepository(IntentLine).findBy({ intentId: submitted.id });
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([[pear.id, 30]]);
    const log = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'intent.amend', entityId: String(submitted.id) });
    expect(log.changes!.lines.before).toEqual(
      expect.arrayContaining([
        { productId: pear.id, quantity: 20 },
        { productId: grape.id, quantity: 5 },
      ]),
    );
    expect(log.changes!.lines.after).toEqual([{ productId: pear.id, quantity: 30 }]);
  });

  it('refuses to remove every line (withdrawing is the way) and a bad quantity, changing nothing', async () => {
    const page = `/my/intents/${submitted.id}`;
    const before = await snapshot();
    const all = await submitForm(asSchool, page, page, { [`remove[${pear.id}]`]: 'on' });
    expect(all.status).toBe(422);
    expect(all.text).toContain('至少保留一种产品');
    const bad = await submitForm(asSchool, page, page, { [`qty[${pear.id}]`]: '0' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('不能少于起订量 10 箱');
    expect(await snapshot()).toEqual(before);
  });

  it('adds the products gathered since into an existing intent', async () => {
    const page = `/my/intents/${submitted.id}`;
    const res = await submitForm(asSchool, page, `${page}/add-from-list`);
    expect(res.status).toBe(303);
    const lines = await t.db.getRepository(IntentLine).findBy({ intentId: submitted.id });
    expect(lines.map((l) => [l.productId, l.quantity]).sort()).toEqual(
      [
        [pear.id, 30],
        [honey.id, 3],
      ].sort(),
    );
    expect(await t.db.getRepository(IntentListItem).countBy({ buyerUnitId: school.id })).toBe(0);
  });

  it('keeps lines on a withdrawn product visible and marked, and refuses to add it anew', async () => {
    await t.db.getRepository(Product).update({ id: honey.id }, { status: 'withdrawn' });
    const page = await asSchool.get(`/my/intents/${submitted.id}`);
    expect(page.text).toContain('槐花蜜');
    expect(page.text).toContain('该产品已下架');
    expect((await addToList(asSchool, honey, '2')).status).toBe(409);
    await t.db.getRepository(Product).update({ id: honey.id }, { status: 'published' });
  });

  it('gives 403 for another unit’s intent and changes nothing', async () => {
    const page = `/my/intents/${submitted.id}`;
    const before = await snapshot();
    expect((await asHospital.get(page)).status).toBe(403);
    expect((await asHospital.get(`${page}/receipt`)).status).toBe(403);
    expect((await submitForm(asHospital, '/my/intents', page, { [`qty[${pear.id}]`]: '50' })).status).toBe(403);
    expect((await submitForm(asHospital, '/my/intents', `${page}/withdraw`, { confirmed: '1' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every change after the deadline with a message that names it', async () => {
    await t.db.getRepository(Fair).update({ current: true }, { intentDeadline: new Date('2020-10-16T10:00:00Z') });
    await addToList(asSchool, grape, '10');
    const before = await snapshot();
    const page = `/my/intents/${submitted.id}`;
    const shown = await asSchool.get(page);
    expect(shown.text).toContain('已于 2020年10月16日 18:00 截止');
    expect(shown.text).not.toContain('保存修改');
    const amend = await submitForm(asSchool, page, page, { [`qty[${pear.id}]`]: '40' });
    expect(amend.status).toBe(409);
    expect(amend.text).toContain('采购意向登记已于 2020年10月16日 18:00 截止');
    expect((await submitForm(asSchool, page, `${page}/withdraw`, { confirmed: '1' })).status).toBe(409);
    const form = await asSchool.get('/intent-list/submit');
    const submit = await asSchool
      .post('/intent-list/submit')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        idempotencyKey: '00000000-0000-4000-8000-000000000001',
        contactName: '王老师',
        contactPhone: '13800000101',
      });
    expect(submit.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    await t.db.getRepository(Fair).update({ current: true }, { intentDeadline: null });
  });

  it('withdraws an intent', async () => {
    const other = await makeIntent(t.db, school, [{ product: grape, quantity: 5 }]);
    const page = `/my/intents/${other.id}`;
    expect((await submitForm(asSchool, page, `${page}/withdraw`, { confirmed: '1' })).status).toBe(303);
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: other.id })).status).toBe('withdrawn');
    const again = await submitForm(asSchool, page, page, { [`qty[${grape.id}]`]: '6' });
    expect(again.status).toBe(409);
  });

  it('lets a visitor gather a list without an account, and asks to sign in before submitting', async () => {
    const visitor = request.agent(t.http);
    const res = await submitForm(visitor, '/login', '/intent-list/items', { productId: String(pear.id), quantity: '12' });
    expect(res.status).toBe(303);
    const list = await visitor.get('/intent-list');
    expect(list.text).toContain('砀山酥梨');
    expect(list.text).toContain('登录后提交');
    const submit = await visitor.get('/intent-list/submit');
    expect(submit.status).toBe(303);
    expect(submit.headers.location).toBe('/login?next=%2Fintent-list%2Fsubmit');
    expect(await t.db.getRepository(IntentListItem).countBy({ productId: pear.id, quantity: 12 })).toBe(1);

    // Signing in keeps the list: it moves to the unit's own list.
    const unit = await makeBuyerUnit(t.db, { name: '宿州市演示第二中学' });
    const user = await makeUser(t.db, 'buyer', { buyerUnitId: unit.id });
    const login = await submitForm(visitor, '/login', '/login', {
      username: user.username,
      password: 'test-password-1',
      next: '/intent-list/submit',
    });
    expect(login.headers.location).toBe('/intent-list/submit');
    const items = await t.db.getRepository(IntentListItem).findBy({ buyerUnitId: unit.id });
    expect(items.map((i) => [i.productId, i.quantity])).toEqual([[pear.id, 12]]);
    const form = await visitor.get('/intent-list/submit').expect(200);
    expect(form.text).toContain('砀山酥梨');
    expect(form.text).toContain('已保留在本单位的意向清单中');
  });

  it('does not let county operators or the organiser keep an intent list', async () => {
    const county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    expect((await county.get('/intent-list')).status).toBe(403);
    expect((await addToList(county, pear)).status).toBe(403);
  });
});
