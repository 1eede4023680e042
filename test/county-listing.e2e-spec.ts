import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { FairListing } from '../src/fairs/fair-listing.entity';
import type { FairStatus } from '../src/fairs/fair-status';
import { Fair } from '../src/fairs/fair.entity';
import type { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, listInFair, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { signedIn, submitForm, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/** 参展产品: a county chooses which of its published products take part in the current fair. */
describe('a county’s listing (参展产品)', () => {
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  let asOrganiser: Agent;
  let fair1: number;
  /** Published: p1 and p2 listed, p3 and p4 not. */
  let p: Product[];
  let draft: Product;
  let othersProduct: Product;

  const listedIds = async (fairId: number, countyId = county.id) =>
    (await t.db.getRepository(FairListing).find({ where: { fairId }, relations: { product: true } }))
      .filter((l) => l.product!.countyId === countyId)
      .map((l) => l.productId)
      .sort((a, b) => a - b);
  const ids = (...products: Product[]) => products.map((x) => x.id).sort((a, b) => a - b);
  const save = (productIds: (number | string)[]) =>
    submitForm(asCounty, '/county/listing', '/county/listing', { productIds: productIds.map(String) });
  const auditEntries = (action: string) =>
    t.db.getRepository(AuditLog).find({ where: { action, entityId: String(county.id) }, order: { id: 'ASC' } });
  const setStatus = (id: number, status: FairStatus) => t.db.getRepository(Fair).update({ id }, { status });

  /** Sends a refused request and checks its status, its message and that nothing changed. */
  async function expectRefused(send: () => Promise<{ status: number; text: string }>, status: number, message: string) {
    const before = await dbSnapshot(t.db);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.text).toContain(message);
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    fair1 = await currentFairId(t.db);
    county = await makeCounty(t.db, { code: '341321', name: '砀山县', minimumProducts: 3 });
    const other = await makeCounty(t.db, { code: '341322', name: '萧县' });
    p = [
      await makeProduct(t.db, county, { code: 'DS-1', name: '砀山酥梨' }),
      await makeProduct(t.db, county, { code: 'DS-2', name: '砀山梨膏' }),
      await makeProduct(t.db, county, { code: 'DS-3', name: '砀山黄桃罐头' }, { listed: false }),
      await makeProduct(t.db, county, { code: 'DS-4', name: '砀山梨汁' }, { listed: false }),
    ];
    draft = await makeProduct(t.db, county, { code: 'DS-9', name: '砀山梨干（草稿）', status: 'draft', publishedAt: null });
    othersProduct = await makeProduct(t.db, other, { name: '萧县葡萄' });
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('shows every published product of the county with a 参展 box, and the count short of the minimum as a warning', async () => {
    const page = await asCounty.get('/county/listing').expect(200);
    for (const product of p) expect(page.text).toContain(product.name);
    expect(page.text).not.toContain(draft.name);
    expect(page.text).not.toContain(othersProduct.name);
    expect(page.text).toMatch(new RegExp(`<input type="checkbox" name="productIds" value="${p[0].id}" checked>`));
    expect(page.text).toMatch(new RegExp(`<input type="checkbox" name="productIds" value="${p[2].id}">`));
    expect(page.text).toContain('<p class="listing-count warn" id="listing-count">已选 2 / 最少 3，还差 1 项</p>');
    expect(page.text).not.toContain('已达标');
    expect(page.text).toContain('<a href="/county/listing" aria-current="page" class="active">参展产品</a>');
  });

  it('lists and unlists in one save, with one audit entry naming the products added and removed', async () => {
    const res = await save([p[0].id, p[2].id, p[3].id]);
    expect(res.status).toBe(303);
    expect(await listedIds(fair1)).toEqual(ids(p[0], p[2], p[3]));
    const entries = await auditEntries('listing.update');
    expect(entries).toHaveLength(1);
    expect(entries[0].changes).toEqual({
      fair: { before: null, after: fair1 },
      added: { before: null, after: ['砀山黄桃罐头', '砀山梨汁'] },
      removed: { before: ['砀山梨膏'], after: null },
    });
    const page = await asCounty.get('/county/listing');
    expect(page.text).toContain('参展产品已保存：新增 2 项，取消 1 项。');
    expect(page.text).toContain('<p class="listing-count" id="listing-count">已选 3 / 最少 3，已达标</p>');
    // The organiser's audit log names the action and the products in Chinese.
    const audit = await asOrganiser.get('/admin/audit').expect(200);
    expect(audit.text).toContain('修改参展产品');
    expect(audit.text).toContain('砀山黄桃罐头、砀山梨汁');
  });

  it('never shows ready below the minimum: unlisting one brings the warning back, and the organiser sees the count as 参展产品', async () => {
    expect((await save([p[0].id, p[2].id])).status).toBe(303);
    expect(await listedIds(fair1)).toEqual(ids(p[0], p[2]));
    const page = await asCounty.get('/county/listing');
    expect(page.text).toContain('已选 2 / 最少 3，还差 1 项');
    expect(page.text).not.toContain('已达标');
    const admin = await asOrganiser.get('/admin/counties').expect(200);
    expect(admin.text).toContain('<th class="num">参展产品</th>');
    expect(admin.text).toMatch(
      /<td data-label="县区">砀山县<\/td>\s*<td data-label="参展产品" class="num">2 <span class="warn">差 1<\/span>/,
    );
    const dashboard = await asOrganiser.get('/admin').expect(200);
    expect(dashboard.text).toContain('aria-label="砀山县参展产品"');
  });

  it('saves an empty listing when no box is checked (the form then sends no productIds)', async () => {
    expect((await submitForm(asCounty, '/county/listing', '/county/listing', {})).status).toBe(303);
    expect(await listedIds(fair1)).toEqual([]);
    expect((await save([p[0].id, p[1].id])).status).toBe(303);
    expect(await listedIds(fair1)).toEqual(ids(p[0], p[1]));
    expect(await auditEntries('listing.update')).toHaveLength(4);
  });

  it('writes no audit entry when nothing changed', async () => {
    expect((await save([p[1].id, p[0].id, p[0].id])).status).toBe(303);
    expect(await auditEntries('listing.update')).toHaveLength(4);
    expect((await asCounty.get('/county/listing')).text).toContain('参展产品没有变化。');
  });

  it('shows 参展 / 未参展 on the county’s product list, with a link to the listing page', async () => {
    const list = await asCounty.get('/county').expect(200);
    expect(list.text).toContain('<a href="/county/listing">选择参展产品</a>');
    const cell = (product: Product) =>
      new RegExp(`>${product.name}</a></td>[\\s\\S]*?<td data-label="本届参展">(参展|未参展)</td>`).exec(list.text)?.[1];
    expect([cell(p[0]), cell(p[2]), cell(draft)]).toEqual(['参展', '未参展', '未参展']);
  });

  it.each<[string, () => (number | string)[], number, string]>([
    ['another county’s product', () => [p[0].id, othersProduct.id], 403, '只能选择本县的产品参展'],
    ['a draft', () => [p[0].id, draft.id], 422, '“砀山梨干（草稿）”的状态为“草稿”，只有已发布的产品才能参展'],
    ['an id beyond 32 bits', () => [p[0].id, '2147483648'], 422, '参展产品应为产品 ID'],
    ['an id that is no number', () => [p[0].id, '1e3'], 422, '参展产品应为产品 ID'],
    ['an unknown id', () => [p[0].id, 2147483647], 422, '所选产品（ID 2147483647）不存在或已被删除'],
  ])('refuses %s with a Chinese message and changes nothing, not even the valid part', async (_what, productIds, status, message) => {
    await expectRefused(() => save(productIds()), status, message);
    expect(await listedIds(fair1)).toEqual(ids(p[0], p[1]));
  });

  it('refuses to unlist a product buyer units registered intents for in this fair, naming it, once registration has closed', async () => {
    const unit = await makeBuyerUnit(t.db);
    await makeIntent(t.db, unit, [{ product: p[0], quantity: 5 }]);
    // A withdrawn intent is no demand: it does not hold p2 on the listing.
    await makeIntent(t.db, unit, [{ product: p[1], quantity: 5 }], { status: 'withdrawn' });
    await setStatus(fair1, 'closed');
    try {
      const page = await asCounty.get('/county/listing');
      // Its box is fixed, and a hidden field keeps it in the form without JavaScript.
      expect(page.text).toContain(`value="${p[0].id}" checked disabled aria-describedby="locked-${p[0].id}"`);
      expect(page.text).toContain(`<input type="hidden" name="productIds" value="${p[0].id}">`);
      await expectRefused(() => save([p[1].id]), 422, '“砀山酥梨”在');
      const refused = await save([p[1].id]);
      expect(refused.text).toContain('已有 1 个采购意向，不能取消参展');
      // Adding and unlisting a product without intents still works after the deadline.
      expect((await save([p[0].id, p[2].id])).status).toBe(303);
      expect(await listedIds(fair1)).toEqual(ids(p[0], p[2]));
    } finally {
      await setStatus(fair1, 'preparing');
    }
  });

  it('refuses every change to an archived fair’s listing, and shows the listing without the form', async () => {
    await setStatus(fair1, 'archived');
    try {
      await expectRefused(() => save([p[0].id]), 409, '已归档，参展产品不能再修改');
      await expectRefused(
        () => submitForm(asCounty, '/county/listing', '/county/listing/carry-over', {}),
        409,
        '已归档，参展产品不能再修改',
      );
      const page = await asCounty.get('/county/listing').expect(200);
      expect(page.text).not.toContain('<button type="submit" class="button primary">保存参展产品');
      expect(page.text).toContain(`value="${p[0].id}" checked disabled`);
    } finally {
      await setStatus(fair1, 'preparing');
    }
  });

  describe('in a new fair', () => {
    let fair2: number;

    beforeAll(async () => {
      // fair1's listing: p1, p3 (now), and p4, which is then withdrawn: it must not come back.
      await listInFair(t.db, [p[3]], fair1);
      await t.db.getRepository(Fair).update({ id: fair1 }, { current: null, status: 'finished' });
      const fairs = t.db.getRepository(Fair);
      fair2 = (
        await fairs.save(fairs.create({ name: '宿州市2021年消费帮扶展销会', date: '2021-10-17', status: 'preparing', current: true }))
      ).id;
      await t.db.query(`UPDATE product SET status = 'withdrawn' WHERE id = ${p[3].id}`);
    });

    it('offers last fair’s still-published products in one button, and lists exactly those with one audit entry', async () => {
      const page = await asCounty.get('/county/listing');
      expect(page.text).toContain('已选 0 / 最少 3，还差 3 项');
      expect(page.text).toContain('沿用上届参展产品（2 项）');
      const res = await submitForm(asCounty, '/county/listing', '/county/listing/carry-over', {});
      expect(res.status).toBe(303);
      expect(await listedIds(fair2)).toEqual(ids(p[0], p[2]));
      // Another county's listing is its own affair.
      expect(await listedIds(fair2, othersProduct.countyId)).toEqual([]);
      expect(await listedIds(fair1)).toEqual(ids(p[0], p[2], p[3]));
      const entries = await auditEntries('listing.carry-over');
      expect(entries).toHaveLength(1);
      expect(entries[0].changes).toEqual({
        fair: { before: null, after: fair2 },
        carriedFrom: { before: null, after: fair1 },
        added: { before: null, after: ['砀山酥梨', '砀山黄桃罐头'] },
      });
      const after = await asCounty.get('/county/listing');
      expect(after.text).toContain('已沿用上届参展产品 2 项。');
      expect(after.text).not.toContain('沿用上届参展产品（');
      expect(after.text).toContain('已选 2 / 最少 3，还差 1 项');
    });

    it('carries nothing over twice: a second press lists nothing and writes no entry', async () => {
      const before = await dbSnapshot(t.db);
      expect((await submitForm(asCounty, '/county/listing', '/county/listing/carry-over', {})).status).toBe(303);
      expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
      expect((await asCounty.get('/county/listing')).text).toContain('上届参展产品已全部在本届参展，无需沿用。');
    });
  });
});
