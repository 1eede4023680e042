import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { FairTotalsService } from '../src/intents/fair-totals.service';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, currentFairId } from './support/factories';
import { type Agent, signedIn, submitForm } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

describe('fair-day signing (签约) and delivery (成交)', () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let pear: Product;
  let grape: Product;
  let asOrganiser: Agent;
  let asDangshan: Agent;
  let asXiaoxian: Agent;

  const linesOf = (intentId: number) => t.db.getRepository(IntentLine).find({ where: { intentId }, order: { id: 'ASC' } });
  const statusOf = async (id: number) => (await t.db.getRepository(Intent).findOneByOrFail({ id })).status;

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { name: '萧县' });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800 });
    grape = await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', priceFen: 1250 });
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    asDangshan = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    asXiaoxian = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: xiaoxian.id })).username);
  });
  afterAll(() => t.close());

  it('the organiser records signing with the intended quantities by default, and the intent becomes 已签约', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [
      { product: pear, quantity: 20 },
      { product: grape, quantity: 100 },
    ]);
    const page = `/admin/intents/${intent.id}`;
    const form = await asOrganiser.get(page);
    const [l1, l2] = await linesOf(intent.id);
    expect(form.text).toContain(`name="signed[${l1.id}]"`);
    expect(form.text).toContain('value="20"'); // default: the intended quantity
    const before = await t.app.get(FairTotalsService).totals({ fairId: await currentFairId(t.db) });
    const res = await submitForm(asOrganiser, page, `${page}/quantities`, {
      kind: 'signed',
      [`signed[${l1.id}]`]: '20',
      [`signed[${l2.id}]`]: '80',
    });
    expect(res.status).toBe(303);
    expect((await linesOf(intent.id)).map((l) => l.signedQuantity)).toEqual([20, 80]);
    expect(await statusOf(intent.id)).toBe('signed');
    const after = await t.app.get(FairTotalsService).totals({ fairId: await currentFairId(t.db) });
    expect(after.signedFen - before.signedFen).toBe(20 * 5800 + 80 * 1250);
    const log = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'intent.sign', entityId: String(intent.id) });
    expect(log.changes!.status).toEqual({ before: 'submitted', after: 'signed' });

    // After the fair: what was actually delivered.
    const delivered = await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'delivered', [`delivered[${l1.id}]`]: '18' });
    expect(delivered.status).toBe(303);
    expect((await linesOf(intent.id)).map((l) => l.deliveredQuantity)).toEqual([18, null]);
    expect((await t.app.get(FairTotalsService).totals({ fairId: await currentFairId(t.db) })).deliveredFen - before.deliveredFen).toBe(
      18 * 5800,
    );
  });

  it('shows the signed and delivered amounts on the intent page, to the organiser and to the buyer, and no status form once signed', async () => {
    const unit = await makeBuyerUnit(t.db);
    const intent = await makeIntent(t.db, unit, [
      { product: pear, quantity: 13 },
      { product: grape, quantity: 100 },
    ]);
    const page = `/admin/intents/${intent.id}`;
    const [l1, l2] = await linesOf(intent.id);
    // Before signing: the 组织方处理 form with the actions a submitted intent has, no signed column.
    const submitted = await asOrganiser.get(page);
    expect(submitted.text).toContain('组织方处理');
    expect(submitted.text).toContain('value="confirm"');
    expect(submitted.text).toContain('value="cancel"');
    expect(submitted.text).not.toContain('value="reopen"');
    expect(submitted.text).not.toContain('<dt>签约金额</dt>');

    await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'signed', [`signed[${l1.id}]`]: '11', [`signed[${l2.id}]`]: '0' });
    await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'delivered', [`delivered[${l1.id}]`]: '10' });
    expect(await statusOf(intent.id)).toBe('signed');

    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    for (const res of [await asOrganiser.get(page), await buyer.get(`/my/intents/${intent.id}`)]) {
      expect(res.status).toBe(200);
      // "11 of 13": the intended, signed and delivered figures side by side, per line and in total.
      expect(res.text).toContain('<dt>意向金额</dt><dd>¥2,004.00</dd>'); // 13 × 58 + 100 × 12.50
      expect(res.text).toContain('<dt>签约金额</dt><dd>¥638.00</dd>'); // 11 × 58
      expect(res.text).toContain('<dt>成交金额</dt><dd>¥580.00</dd>'); // 10 × 58
      expect(res.text).toContain('<td data-label="签约" class="num">¥638.00<div class="hint">11 箱</div></td>');
      expect(res.text).toContain('<td data-label="签约" class="num">¥0.00<div class="hint">0 箱</div></td>'); // no grapes signed
      expect(res.text).toContain('<td data-label="成交" class="num">¥580.00<div class="hint">10 箱</div></td>');
      expect(res.text).toContain('<td data-label="成交" class="num">—</td>'); // nor delivered
      expect(res.text).toContain('<td data-label="签约" class="num"><strong>¥638.00</strong></td>');
      expect(res.text).toContain('<td data-label="成交" class="num"><strong>¥580.00</strong></td>');
    }
    // A signed intent has no status action: no 组织方处理 box without a button.
    const signed = await asOrganiser.get(page);
    expect(signed.text).not.toContain('组织方处理');
    expect(signed.text).not.toContain(`action="${page}/status"`);
    expect(signed.text).not.toContain('name="reason"');
  });

  it('offers the organiser only the status actions an intent has (reopen for a withdrawn one)', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: pear, quantity: 10 }], { status: 'withdrawn' });
    const res = await asOrganiser.get(`/admin/intents/${intent.id}`);
    expect(res.text).toContain('组织方处理');
    expect(res.text).toContain('value="reopen"');
    expect(res.text).not.toContain('value="confirm"');
    expect(res.text).not.toContain('value="cancel"');
  });

  it.each([['-1'], ['1.5'], ['abc'], ['10000000000']])('refuses %p as a signed quantity, changing nothing', async (value) => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: pear, quantity: 20 }]);
    const [line] = await linesOf(intent.id);
    const page = `/admin/intents/${intent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'signed', [`signed[${line.id}]`]: value });
    expect(res.status).toBe(422);
    expect(res.text).toContain('签约数量应为 0 到 1,000,000 的整数');
    expect(await linesOf(intent.id)).toEqual([line]);
    expect(await statusOf(intent.id)).toBe('submitted');
  });

  it('refuses a delivery before signing', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: pear, quantity: 20 }]);
    const [line] = await linesOf(intent.id);
    const page = `/admin/intents/${intent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'delivered', [`delivered[${line.id}]`]: '5' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('尚未登记签约，不能登记成交');
    expect((await linesOf(intent.id))[0].deliveredQuantity).toBeNull();
  });

  it('lets each county sign only its own lines; the intent is 已签约 once every line is', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db, { name: '宿州市演示人民医院' }), [
      { product: pear, quantity: 30 },
      { product: grape, quantity: 50 },
    ]);
    const [pearLine, grapeLine] = await linesOf(intent.id);
    const board = await asDangshan.get('/county/signing');
    expect(board.text).toContain('宿州市演示人民医院');
    expect(board.text).toContain(`name="signed[${pearLine.id}]"`);
    expect(board.text).not.toContain(`name="signed[${grapeLine.id}]"`);

    // Dangshan also sends Xiaoxian's line id: ignored.
    await submitForm(asDangshan, '/county/signing', `/county/signing/${intent.id}`, {
      kind: 'signed',
      [`signed[${pearLine.id}]`]: '30',
      [`signed[${grapeLine.id}]`]: '999',
    });
    expect((await linesOf(intent.id)).map((l) => l.signedQuantity)).toEqual([30, null]);
    expect(await statusOf(intent.id)).toBe('submitted');

    await submitForm(asXiaoxian, '/county/signing', `/county/signing/${intent.id}`, { kind: 'signed', [`signed[${grapeLine.id}]`]: '50' });
    expect((await linesOf(intent.id)).map((l) => l.signedQuantity)).toEqual([30, 50]);
    expect(await statusOf(intent.id)).toBe('signed');
  });

  it('gives a county 403 for an intent with none of its products, changing nothing', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: grape, quantity: 10 }]);
    const [line] = await linesOf(intent.id);
    const res = await submitForm(asDangshan, '/county/signing', `/county/signing/${intent.id}`, {
      kind: 'signed',
      [`signed[${line.id}]`]: '10',
    });
    expect(res.status).toBe(403);
    expect(await linesOf(intent.id)).toEqual([line]);
  });

  it('refuses signing on a cancelled intent', async () => {
    const intent = await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product: pear, quantity: 10 }], { status: 'cancelled' });
    const [line] = await linesOf(intent.id);
    const page = `/admin/intents/${intent.id}`;
    const res = await submitForm(asOrganiser, page, `${page}/quantities`, { kind: 'signed', [`signed[${line.id}]`]: '10' });
    expect(res.status).toBe(409);
    expect(await linesOf(intent.id)).toEqual([line]);
  });

  it('keeps buyers out of signing', async () => {
    const unit = await makeBuyerUnit(t.db);
    const intent = await makeIntent(t.db, unit, [{ product: pear, quantity: 10 }]);
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    expect((await buyer.get('/county/signing')).status).toBe(403);
    const [line] = await linesOf(intent.id);
    const res = await submitForm(buyer, '/my/intents', `/admin/intents/${intent.id}/quantities`, {
      kind: 'signed',
      [`signed[${line.id}]`]: '10',
    });
    expect(res.status).toBe(403);
    expect(await linesOf(intent.id)).toEqual([line]);
  });
});
