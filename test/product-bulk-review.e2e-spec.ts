import { In } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeProduct } from './support/factories';
import { csrfFrom, type Agent } from './support/http';
import { clerkAndOrganiser } from './support/product-pages';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

describe(`bulk review on the review queue (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let asOrganiser: Agent;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, asOrganiser } = await clerkAndOrganiser(t));
  });
  afterAll(() => t.close());

  const submitted = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () => makeProduct(t.db, county, { name: `酥梨${++seq}号`, status: 'submitted', publishedAt: null })),
    );
  const reload = (ids: number[]) => t.db.getRepository(Product).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
  const auditOf = (ids: number[], action: string) =>
    t.db.getRepository(AuditLog).countBy({ action, entityType: 'product', entityId: In(ids.map(String)) });

  /** Posts the bulk form as the queue page's browser would (each id a ticked box). */
  async function bulk(fields: { ids?: (number | string)[]; decision?: string; reason?: string; confirmed?: string }) {
    const token = csrfFrom((await asOrganiser.get('/admin/products').expect(200)).text);
    const body = new URLSearchParams({ _csrf: token });
    for (const id of fields.ids ?? []) body.append('ids', String(id));
    for (const k of ['decision', 'reason', 'confirmed'] as const) if (fields[k] !== undefined) body.append(k, fields[k]);
    return asOrganiser.post('/admin/products/bulk').type('form').send(body.toString());
  }

  it('shows a box per queued product, and "select all on this page" ticks them all without script', async () => {
    const products = await submitted(2);
    const page = (await asOrganiser.get('/admin/products').expect(200)).text;
    for (const p of products) expect(page).toContain(`name="ids" value="${p.id}" id="pick-${p.id}" aria-label`);
    expect(page).toContain('全选本页');
    const all = (await asOrganiser.get('/admin/products?select=all').expect(200)).text;
    for (const p of products) expect(all).toContain(`name="ids" value="${p.id}" id="pick-${p.id}" checked`);
    await bulk({ ids: products.map((p) => p.id), decision: 'approve' }); // clear the queue for the next tests
  });

  it('approves many at once: each published, one audit entry each, a Chinese summary', async () => {
    const products = await submitted(12);
    const ids = products.map((p) => p.id);
    const res = await bulk({ ids, decision: 'approve' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/products');
    expect((await reload(ids)).map((p) => p.status)).toEqual(Array(12).fill('published'));
    expect((await reload(ids)).every((p) => p.publishedAt !== null)).toBe(true);
    expect(await auditOf(ids, 'product.approve')).toBe(12);
    expect((await asOrganiser.get('/admin/products').expect(200)).text).toContain('已通过 12 项');
  });

  it('applies a published product’s pending change as approving it alone does', async () => {
    const p = await makeProduct(t.db, county, { name: '梨膏', priceFen: 5800 });
    await t.db.getRepository(Product).update({ id: p.id }, { pendingChanges: { priceFen: 5200 } });
    const [fresh] = await submitted(1);
    expect((await bulk({ ids: [p.id, fresh.id], decision: 'approve' })).status).toBe(303);
    const [changed, published] = await reload([p.id, fresh.id]);
    expect(changed).toMatchObject({ priceFen: 5200, pendingChanges: null, status: 'published' });
    expect(published.status).toBe('published');
  });

  it('returns many with one reason only after a confirmation page', async () => {
    const products = await submitted(3);
    const ids = products.map((p) => p.id);
    const before = await dbSnapshot(t.db);
    const confirm = await bulk({ ids, decision: 'return', reason: '请补充扶贫产品认定编号' });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('确认退回 3 项');
    for (const p of products) expect(confirm.text).toContain(p.name);
    expect(confirm.text).toContain('name="reason" value="请补充扶贫产品认定编号"');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]); // nothing yet

    const done = await bulk({ ids, decision: 'return', reason: '请补充扶贫产品认定编号', confirmed: '1' });
    expect(done.status).toBe(303);
    for (const p of await reload(ids)) expect(p).toMatchObject({ status: 'returned', reviewReason: '请补充扶贫产品认定编号' });
    expect(await auditOf(ids, 'product.return')).toBe(3);
    expect((await asOrganiser.get('/admin/products').expect(200)).text).toContain('已退回 3 项');
  });

  describe('refuses bad input on the queue page, changing nothing', () => {
    let queued: Product[];
    let draft: Product;
    beforeAll(async () => {
      queued = await submitted(2);
      draft = await makeProduct(t.db, county, { name: '未提交的草稿', status: 'draft', publishedAt: null });
    });

    const cases: [string, () => Parameters<typeof bulk>[0], string][] = [
      ['no product ticked', () => ({ decision: 'approve' }), '请至少勾选一个产品'],
      ['a product not awaiting review', () => ({ ids: [queued[0].id, draft.id], decision: 'approve' }), '“未提交的草稿”当前状态为“草稿”'],
      ['an id of no product', () => ({ ids: [queued[0].id, 999999], decision: 'approve' }), '编号为 999999 的产品不存在'],
      ['an id beyond 32 bits', () => ({ ids: [queued[0].id, '4294967296'], decision: 'approve' }), '所选产品的编号无效'],
      ['not an id', () => ({ ids: ['1e3'], decision: 'approve' }), '所选产品的编号无效'],
      [
        'more than 200 products',
        () => ({ ids: Array.from({ length: 201 }, (_, i) => i + 1), decision: 'approve' }),
        '一次最多审核200个产品',
      ],
      ['a return without a reason', () => ({ ids: [queued[0].id], decision: 'return', reason: '  ' }), '请填写退回原因'],
      ['a return confirmed without a reason', () => ({ ids: [queued[0].id], decision: 'return', confirmed: '1' }), '请填写退回原因'],
      ['no decision', () => ({ ids: [queued[0].id] }), '提交的内容有误'],
    ];

    it.each(cases)('%s', async (_what, fields, message) => {
      const before = await dbSnapshot(t.db);
      const res = await bulk(fields());
      expect(res.status).toBe(422);
      expect(res.text).toContain('<h2>待审核'); // the queue page itself, not an error page
      expect(res.text).toContain(message);
      expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    });

    it('keeps the ticked boxes ticked after a refusal', async () => {
      const res = await bulk({ ids: [queued[1].id], decision: 'return' });
      expect(res.text).toContain(`value="${queued[1].id}" id="pick-${queued[1].id}" checked`);
      expect(res.text).not.toContain(`value="${queued[0].id}" id="pick-${queued[0].id}" checked`);
    });

    it('refuses a confirmed return if a product left the queue meanwhile: all or nothing', async () => {
      const [a, b] = await submitted(2);
      await t.db.getRepository(Product).update({ id: b.id }, { status: 'withdrawn' });
      const before = await dbSnapshot(t.db);
      const res = await bulk({ ids: [a.id, b.id], decision: 'return', reason: '图片不清晰', confirmed: '1' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('当前状态为“已下架”');
      expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
      expect((await reload([a.id]))[0].status).toBe('submitted');
    });
  });
});
