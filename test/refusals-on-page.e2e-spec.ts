import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import type { County } from '../src/counties/county.entity';
import { Fair } from '../src/fairs/fair.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { type Agent, csrfFrom, signedIn, submitForm } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A refusal on a page the user was working on (registration closed, a rule broken) comes back
 * on that page: its message at the top, what was typed still there, never the generic
 * 操作未完成 page. After the deadline the submit page shows the deadline instead of its form.
 */

const GENERIC = '操作未完成';
/** The page-level message the layout shows for a refused form. */
const pageError = (html: string) => /<div class="flash flash-error" role="alert">([^<]*)<\/div>/.exec(html)?.[1];

describe('refusals come back on the page the user was working on', () => {
  let t: TestApp;
  let dangshan: County;
  let pear: Product;
  let school: BuyerUnit;
  let asSchool: Agent;
  let asDangshan: Agent;
  const setFair = (values: Partial<Fair>) => t.db.getRepository(Fair).update({ current: true }, values);
  const DEADLINE_PASSED = { intentDeadline: new Date('2020-10-16T10:00:00Z') };
  const DEADLINE_MESSAGE = '采购意向登记已于 2020年10月16日 18:00 截止';

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800, minOrder: 1 });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校', contactName: '王老师', mobile: '13800000101' });
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asDangshan = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
  });
  afterAll(() => t.close());
  afterEach(() => setFair({ intentDeadline: null, status: 'open' }));

  it('submitting after the deadline: the submit page again, with the deadline and what was typed', async () => {
    await submitForm(asSchool, '/login', '/intent-list/items', { productId: String(pear.id), quantity: '12' });
    const form = await asSchool.get('/intent-list/submit').expect(200);
    expect(form.text).toContain('action="/intent-list/submit"');
    const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1];
    await setFair(DEADLINE_PASSED); // the deadline passes while the buyer types

    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await asSchool
      .post('/intent-list/submit')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        idempotencyKey,
        contactName: '王老师',
        contactPhone: '13800000101',
        note: '请送到学校东门食堂仓库',
      });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain(GENERIC);
    expect(res.text).toContain('<h1>提交采购意向</h1>');
    expect(pageError(res.text)).toContain(DEADLINE_MESSAGE);
    expect(res.text).toContain('请送到学校东门食堂仓库');
    expect(res.text).toContain('砀山酥梨');
    expect(res.text).not.toContain('action="/intent-list/submit"');
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('after the deadline, or with registration closed, /intent-list/submit shows why instead of the form', async () => {
    await setFair(DEADLINE_PASSED);
    const late = await asSchool.get('/intent-list/submit').expect(200);
    expect(late.text).toContain(DEADLINE_MESSAGE);
    expect(late.text).not.toContain('action="/intent-list/submit"');
    expect(late.text).not.toContain('您填写的内容');

    await setFair({ intentDeadline: null, status: 'closed' });
    const closed = await asSchool.get('/intent-list/submit').expect(200);
    expect(closed.text).toContain('已停止登记采购意向');
    expect(closed.text).not.toContain('action="/intent-list/submit"');

    await setFair({ status: 'open' });
    expect((await asSchool.get('/intent-list/submit')).text).toContain('action="/intent-list/submit"');
  });

  it('amending after the deadline: the intent page again, with the deadline', async () => {
    const intent = await makeIntent(t.db, school, [{ product: pear, quantity: 10 }]);
    const page = `/my/intents/${intent.id}`;
    const form = await asSchool.get(page);
    await setFair(DEADLINE_PASSED);
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await asSchool
      .post(page)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), [`qty[${pear.id}]`]: '40' });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain(GENERIC);
    expect(res.text).toContain(`采购意向 ${intent.referenceNo}`);
    expect(pageError(res.text)).toContain(DEADLINE_MESSAGE);
    // The message once: the page's own note on closed registration is not repeated under it.
    expect(res.text.split(DEADLINE_MESSAGE)).toHaveLength(2);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('a withdrawal confirmed after the deadline comes back on the intent page', async () => {
    const intent = await makeIntent(t.db, school, [{ product: pear, quantity: 10 }]);
    const page = `/my/intents/${intent.id}`;
    const form = await asSchool.get(page);
    await setFair(DEADLINE_PASSED);
    const res = await asSchool
      .post(`${page}/withdraw`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), confirmed: '1' });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain(GENERIC);
    expect(res.text).toContain(`采购意向 ${intent.referenceNo}`);
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: intent.id })).status).toBe('submitted');
  });

  it('signing at the stand: a refused delivery comes back on the signing page with the typed quantity', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: pear, quantity: 20 }], { status: 'signed' });
    const [line] = await t.db.getRepository(IntentLine).findBy({ intentId: intent.id });
    // Its signed quantity was cleared since the page was opened (the organiser corrected it).
    const res = await submitForm(asDangshan, '/county/signing', `/county/signing/${intent.id}`, {
      kind: 'delivered',
      [`delivered[${line.id}]`]: '17',
    });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain(GENERIC);
    expect(pageError(res.text)).toBe('“砀山酥梨”尚未登记签约，不能登记成交');
    expect(res.text).toMatch(new RegExp(`name="delivered\\[${line.id}\\]"[^>]*value="17"`));
    expect((await t.db.getRepository(IntentLine).findOneByOrFail({ id: line.id })).deliveredQuantity).toBeNull();
  });

  it('a county product with intents: the refused delete comes back on the product page', async () => {
    const product = await makeProduct(t.db, dangshan, { name: '砀山梨膏' });
    await makeIntent(t.db, school, [{ product, quantity: 3 }]);
    const page = `/county/products/${product.id}`;
    const res = await submitForm(asDangshan, page, `${page}/delete`, { confirmed: '1' });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain(GENERIC);
    expect(res.text).toContain('<h1>砀山梨膏');
    expect(pageError(res.text)).toContain('该产品已有 1 条采购意向，不能删除');
  });
});
