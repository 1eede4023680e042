import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeIntent, makeProduct } from './support/factories';
import { csrfFrom } from './support/http';
import { clerkAndOrganiser } from './support/product-pages';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';
import type { Agent } from './support/http';

/** Each entry's record cell and its change lines, as the page shows them (tags stripped). */
function entries(html: string): { record: string; changes: string[] }[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => {
    const cells = [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
    return {
      record: cells[3].trim(),
      changes: [...cells[4].matchAll(/<div>([\s\S]*?)<\/div>/g)].map((d) => d[1].replace(/<[^>]+>/g, '')),
    };
  });
}

describe(`the audit log reads in Chinese (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let asOrganiser: Agent;
  let county: County;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, asOrganiser } = await clerkAndOrganiser(t));
  });
  afterAll(() => t.close());

  const log = async (query: string) => entries((await asOrganiser.get(`/admin/audit${query}`).expect(200)).text);

  it('shows an approval made through the review page as labelled changes, naming and linking the product', async () => {
    const p = await makeProduct(t.db, county, {
      name: '砀山酥梨',
      priceFen: 5800,
      status: 'published',
    });
    await t.db.getRepository(Product).update({ id: p.id }, { pendingChanges: { priceFen: 5200, capacity: 12000 } });
    const token = csrfFrom((await asOrganiser.get(`/admin/products/${p.id}`).expect(200)).text);
    await asOrganiser.post(`/admin/products/${p.id}/approve`).type('form').send({ _csrf: token }).expect(303);

    const [entry] = await log(`?entityType=product&entityId=${p.id}`);
    expect(entry.record).toBe(`<a href="/admin/products/${p.id}">产品 砀山酥梨</a>`);
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        '参考单价：¥58.00 → ¥52.00',
        '可供量：1,000 → 12,000',
        '待审核的修改：参考单价：¥52.00；可供量：12,000 → （空）',
      ]),
    );
  });

  it('names an intent by its reference number, its lines by product, statuses in Chinese', async () => {
    const pear = await makeProduct(t.db, county, { name: '金盖酥梨' });
    const paste = await makeProduct(t.db, county, { name: '秋梨膏' });
    const unit = await makeBuyerUnit(t.db, { name: '宿州市第一中学' });
    const intent = await makeIntent(t.db, unit, [
      { product: pear, quantity: 100 },
      { product: paste, quantity: 20 },
    ]);
    const [line] = await t.db.getRepository(IntentLine).findBy({ intentId: intent.id, productId: pear.id });
    // Entries as the intents services write them (intent-submission and intent-signing).
    const repo = t.db.getRepository(AuditLog);
    await repo.save(
      repo.create({
        userId: null,
        username: 'organiser',
        action: 'intent.sign',
        entityType: 'intent',
        entityId: String(intent.id),
        changes: {
          signedQuantity: { before: [{ lineId: line.id, value: null }], after: [{ lineId: line.id, value: 80 }] },
          status: { before: 'confirmed', after: 'signed' },
        },
      }),
    );
    await repo.save(
      repo.create({
        userId: null,
        username: 'buyer-1',
        action: 'intent.amend',
        entityType: 'intent',
        entityId: String(intent.id),
        changes: {
          lines: {
            before: [
              { productId: pear.id, quantity: 100 },
              { productId: paste.id, quantity: 20 },
            ],
            after: [{ productId: pear.id, quantity: 1200 }],
          },
        },
      }),
    );
    const [amend, sign] = await log(`?entityType=intent&entityId=${intent.id}`);
    expect(sign.record).toBe(`<a href="/admin/intents/${intent.id}">采购意向 ${intent.referenceNo}</a>`);
    expect(sign.changes).toEqual(['签约数量：金盖酥梨：未登记 → 金盖酥梨：80', '状态：已确认 → 已签约']);
    expect(amend.changes).toEqual(['意向产品：金盖酥梨 × 100、秋梨膏 × 20 → 金盖酥梨 × 1,200']);
  });

  it('formats dates, booleans and units, and keeps a deleted product’s name', async () => {
    const repo = t.db.getRepository(AuditLog);
    const unit = await makeBuyerUnit(t.db, { name: '埇桥区人民医院' });
    const at = (action: string, entityType: string, entityId: string, changes: AuditLog['changes']) =>
      repo.save(repo.create({ userId: null, username: 'organiser', action, entityType, entityId, changes }));
    await at('settings.update', 'settings', '1', {
      fairDate: { before: '2020-10-17', after: '2020-10-16' },
      intentDeadline: { before: null, after: '2020-10-15T08:00:00.000Z' },
    });
    await at('buyer.disable', 'buyer_unit', String(unit.id), { disabled: { before: false, after: true } });
    await at('product.delete', 'product', '987654', { name: { before: '已删除的梨', after: null } });

    const [deleted, disabled, settings] = await log('?user=organiser&action=');
    expect(settings.record).toBe('<a href="/admin/settings">展销会设置</a>');
    expect(settings.changes).toEqual(['展销会日期：2020年10月17日 → 2020年10月16日', '意向登记截止时间：（空） → 2020年10月15日 16:00']);
    expect(disabled.record).toBe(`<a href="/admin/buyers?q&#x3D;${encodeURIComponent('埇桥区人民医院')}">采购单位 埇桥区人民医院</a>`);
    expect(disabled.changes).toEqual(['已停用：否 → 是']);
    expect(deleted.record).toBe('<a href="/admin/products/987654">产品 已删除的梨</a>');
  });
});
