import type { County } from '../src/counties/county.entity';
import { Product } from '../src/products/product.entity';
import { makeProduct } from './support/factories';
import { csrfFrom, type Agent } from './support/http';
import { clerkAndOrganiser, editProduct, previewImport, rowOf } from './support/product-pages';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * An Excel import and the organiser's approval of the same product: the import must work on
 * the product as it is when it writes, never on what it read before an approval committed.
 */
describe(`an import confirmed around the organiser's approval (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  let asOrganiser: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, asCounty, asOrganiser } = await clerkAndOrganiser(t));
  });
  afterAll(() => t.close());

  const reload = (id: number) => t.db.getRepository(Product).findOneByOrFail({ id });

  /** A published product at ¥50.00 whose new price ¥55.00 waits for review, set through the form. */
  async function productWithPendingPrice(code: string): Promise<Product> {
    const p = await makeProduct(t.db, county, { code, priceFen: 5000 });
    expect((await editProduct(asCounty, p.id, { price: '55' })).status).toBe(303);
    expect((await reload(p.id)).pendingChanges).toEqual({ priceFen: 5500 });
    return p;
  }

  /** The organiser's approve button, as a request that starts now. */
  async function approval(id: number): Promise<() => Promise<number>> {
    const token = csrfFrom((await asOrganiser.get(`/admin/products/${id}`).expect(200)).text);
    return async () => (await asOrganiser.post(`/admin/products/${id}/approve`).type('form').send({ _csrf: token })).status;
  }

  it('keeps an approval made between the preview and the confirmation', async () => {
    const p = await productWithPendingPrice('AP-1');
    const { preview, confirm } = await previewImport(asCounty, [rowOf(p, { price: 55, description: '导入的新介绍' })]);
    expect(preview.text).toContain('新增 0 个，更新 1 个，未变 0 个');
    expect(await (await approval(p.id))()).toBe(303);
    expect((await confirm()).status).toBe(303);
    expect(await reload(p.id)).toMatchObject({ status: 'published', priceFen: 5500, pendingChanges: null, description: '导入的新介绍' });
  });

  // The interleaving is forced with a lock held from outside the app, which needs PostgreSQL:
  // on SQLite one transaction gate serialises every transaction and query of the process, so
  // nothing can run between an import's read and its write there.
  const onPostgres = usingPostgres() ? it : it.skip;
  const raceTitle = 'does not revert an approval committed while the import’s transaction waits';
  onPostgres(usingPostgres() ? raceTitle : `${raceTitle} — skipped: needs TEST_DATABASE_URL (PostgreSQL)`, async () => {
    const p = await productWithPendingPrice('AP-2');
    const { confirm } = await previewImport(asCounty, [
      rowOf(p, { code: 'AP-NEW', name: '新产品' }),
      rowOf(p, { price: 55, description: '导入的新介绍' }),
    ]);
    const approve = await approval(p.id);

    // Another session inserts AP-NEW and keeps its transaction open: the import's insert of
    // the same code must wait for it, in the middle of the import's transaction.
    const blocker = t.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.manager.getRepository(Product).insert({ ...blockerRow(p), code: 'AP-NEW' });
      const confirming = confirm();
      await until(async () => (await lockWaiters()) >= 1, 'the import waits for the blocking insert');

      // Now the organiser approves. Either the approval commits at once (the import holds no
      // lock on the product) or it waits behind the import (it does): both are legitimate.
      let approved = false;
      const approving = approve().finally(() => (approved = true));
      await until(async () => approved || (await lockWaiters()) >= 2, 'the approval commits or waits for the import');

      await blocker.rollbackTransaction();
      expect((await confirming).status).toBe(303);
      expect(await approving).toBe(303);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }

    // Whatever the order, the approved price stands and nothing waits for review any more.
    expect(await reload(p.id)).toMatchObject({ status: 'published', priceFen: 5500, pendingChanges: null, description: '导入的新介绍' });
    expect(await t.db.getRepository(Product).countBy({ countyId: county.id, code: 'AP-NEW' })).toBe(1);
  });

  /** Backends of this test's database waiting for a lock. */
  async function lockWaiters(): Promise<number> {
    const [row]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.n;
  }

  /** The product columns of a row like `p`, for the blocking insert. */
  function blockerRow(p: Product): Partial<Product> {
    const { id: _id, createdAt: _c, updatedAt: _u, ...columns } = p;
    return { ...columns, status: 'draft', pendingChanges: null, publishedAt: null };
  }
});

/** Polls `condition` until it holds; fails with `what` after 15 s (a hang, not a timing check). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
