import sharp from 'sharp';
import request from 'supertest';
import { User } from '../src/auth/user.entity';
import { verifyPassword } from '../src/auth/password';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { BUYER_UNIT_TYPES } from '../src/buyers/buyer-unit-types';
import { isValidCreditCode } from '../src/common/credit-code';
import { County } from '../src/counties/county.entity';
import { DonationBoardService } from '../src/donations/board/donation-board.service';
import { Disbursement } from '../src/donations/disbursement.entity';
import { DonationAccount } from '../src/donations/donation-account.entity';
import { DonationProject } from '../src/donations/donation-project.entity';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { Pledge } from '../src/donations/pledge.entity';
import { PROJECT_KINDS } from '../src/donations/project-kinds';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import { Product } from '../src/products/product.entity';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '../src/products/product-options';
import { DEMO_PASSWORD, DemoSeeder } from '../src/seed/demo-seeder';
import { createTestApp, type TestApp } from './support/test-app';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toBe(true);
  });
  afterAll(() => t.close());

  const counts = async () => ({
    counties: await t.db.getRepository(County).count(),
    products: await t.db.getRepository(Product).count(),
    units: await t.db.getRepository(BuyerUnit).count(),
    users: await t.db.getRepository(User).count(),
    intents: await t.db.getRepository(Intent).count(),
    lines: await t.db.getRepository(IntentLine).count(),
    projects: await t.db.getRepository(DonationProject).count(),
    pledges: await t.db.getRepository(Pledge).count(),
    receipts: await t.db.getRepository(DonationReceipt).count(),
    disbursements: await t.db.getRepository(Disbursement).count(),
    accounts: await t.db.getRepository(DonationAccount).count(),
    counters: await t.db.query('SELECT prefix, value FROM reference_counter ORDER BY prefix'),
  });

  it('lists the real county-level divisions of 宿州市, each with at least 20 published products', async () => {
    const counties = await t.db.getRepository(County).find({ order: { code: 'ASC' } });
    expect(counties.map((c) => `${c.code} ${c.name}`)).toEqual([
      '341302 埇桥区',
      '341321 砀山县',
      '341322 萧县',
      '341323 灵璧县',
      '341324 泗县',
    ]);
    for (const county of counties) {
      const published = await t.db.getRepository(Product).countBy({ countyId: county.id, status: 'published' });
      expect(published).toBeGreaterThanOrEqual(county.minimumProducts);
    }
  });

  it('uses valid categories, units, prices and credit codes', async () => {
    const products = await t.db.getRepository(Product).find();
    for (const p of products) {
      expect(PRODUCT_CATEGORIES).toContain(p.category);
      expect(PRODUCT_UNITS).toContain(p.unit);
      expect(Number.isInteger(p.priceFen) && p.priceFen > 0).toBe(true);
      expect(p.minOrder).toBeLessThanOrEqual(p.capacity);
      expect(isValidCreditCode(p.supplierCreditCode)).toBe(true);
      expect(p.supplierName).toContain('演示');
    }
    const units = await t.db.getRepository(BuyerUnit).find();
    expect(new Set(units.map((u) => u.type))).toEqual(new Set(BUYER_UNIT_TYPES));
    for (const u of units) expect(isValidCreditCode(u.creditCode)).toBe(true);
  });

  it('has an organiser, one account per county, buyer accounts and submitted intents', async () => {
    const users = await t.db.getRepository(User).find();
    expect(users.filter((u) => u.role === 'organiser')).toHaveLength(1);
    expect(users.filter((u) => u.role === 'county')).toHaveLength(5);
    expect(users.filter((u) => u.role === 'buyer').length).toBeGreaterThanOrEqual(3);
    expect(await verifyPassword(DEMO_PASSWORD, users[0].passwordHash)).toBe(true);
    const intents = await t.db.getRepository(Intent).find({ relations: { lines: true } });
    expect(intents.length).toBeGreaterThan(0);
    for (const i of intents) {
      expect(i.referenceNo).toMatch(/^YX-2020\d{4}-\d{4}$/);
      expect(i.lines!.length).toBeGreaterThan(0);
    }
    expect(new Set(intents.map((i) => i.referenceNo)).size).toBe(intents.length);
  });

  it('gives every demo product a drawn picture with a thumbnail', async () => {
    const products = await t.db.getRepository(Product).find();
    expect(products.every((p) => /^[0-9a-f]{32}\.jpg$/.test(p.imageKey ?? ''))).toBe(true);
    expect(new Set(products.map((p) => p.imageKey)).size).toBe(products.length);
    const { imageKey } = products[0];
    const full = await request(t.http).get(`/images/${imageKey}`).buffer(true).expect(200);
    const thumb = await request(t.http).get(`/images/thumbs/${imageKey}`).buffer(true).expect(200);
    expect(await sharp(full.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
  });

  /** Townships of each county that the demo projects may name (real ones). */
  const TOWNSHIPS: Record<string, string[]> = {
    '341302': ['符离镇', '夹沟镇', '栏杆镇', '大店镇', '曹村镇', '永安镇'],
    '341321': ['良梨镇', '周寨镇', '葛集镇', '李庄镇', '唐寨镇', '砀城镇'],
    '341322': ['官桥镇', '黄口镇', '丁里镇', '圣泉镇', '龙城镇', '杨楼镇'],
    '341323': ['渔沟镇', '娄庄镇', '韦集镇', '灵城镇', '杨疃镇'],
    '341324': ['大路口乡', '草沟镇', '屏山镇', '长沟镇', '墩集镇', '泗城镇'],
  };

  it('gives every county 2 to 4 demo projects of different kinds in real townships of that county', async () => {
    const counties = await t.db.getRepository(County).find();
    for (const county of counties) {
      const projects = await t.db.getRepository(DonationProject).findBy({ countyId: county.id });
      expect(projects.length).toBeGreaterThanOrEqual(2);
      expect(projects.length).toBeLessThanOrEqual(4);
      expect(new Set(projects.map((p) => p.kind)).size).toBeGreaterThan(1);
      for (const p of projects) {
        expect(TOWNSHIPS[county.code]).toContain(p.township);
        expect(PROJECT_KINDS).toContain(p.kind);
        expect(p.title).toContain('演示');
        expect(p.soughtFen === null ? p.goodsSought : p.soughtFen).toBeTruthy();
      }
    }
  });

  it('has pledges, received donations (one anonymous), a voided receipt, a claimed project and a disbursement', async () => {
    const pledges = await t.db.getRepository(Pledge).find();
    expect(pledges.length).toBeGreaterThanOrEqual(5);
    for (const p of pledges) expect(p.pledgeNo).toMatch(/^RJ-\d{8}-\d{4}$/);
    expect(new Set(pledges.map((p) => p.pledgeNo)).size).toBe(pledges.length);
    expect(pledges.some((p) => p.projectId === null && p.countyId === null)).toBe(true); // the city fund
    expect(pledges.some((p) => p.projectId === null && p.countyId !== null)).toBe(true); // a county fund
    const receipts = await t.db.getRepository(DonationReceipt).find();
    expect(receipts.filter((r) => r.anonymous && r.voidedAt === null)).toHaveLength(1);
    expect(receipts.filter((r) => r.voidedAt !== null && r.voidReason)).toHaveLength(1);
    expect(receipts.some((r) => r.office === 'city')).toBe(true);
    const claimed = await t.db.getRepository(DonationProject).findOneByOrFail({ status: 'funded' });
    const claim = pledges.find((p) => p.id === claimed.claimedByPledgeId)!;
    expect(claim).toMatchObject({ claim: true, projectId: claimed.id });
    expect(claim.buyerUnitId).not.toBeNull();
    const [disbursement] = await t.db.getRepository(Disbursement).find();
    expect(disbursement.projectId).toBe(claimed.id);
    const received = receipts.filter((r) => r.projectId === claimed.id && !r.voidedAt).reduce((s, r) => s + r.amountFen, 0);
    expect(disbursement.amountFen).toBeLessThanOrEqual(received);
  });

  it('numbers the receipts per office without a gap, from the shared counter the app continues', async () => {
    const receipts = await t.db.getRepository(DonationReceipt).find({ order: { id: 'ASC' } });
    const runs = new Map<string, number[]>();
    for (const r of receipts) {
      const m = /^(JZ-(\d{6}|SZ)-\d{4})-(\d{5})$/.exec(r.receiptNo);
      expect(m).not.toBeNull();
      expect(m![2]).toBe(r.office === 'city' ? 'SZ' : r.office);
      runs.set(m![1], [...(runs.get(m![1]) ?? []), Number(m![3])]);
    }
    expect(runs.size).toBeGreaterThanOrEqual(6); // every county's office and the city's
    const counters = new Map<string, number>(
      (await t.db.query('SELECT prefix, value FROM reference_counter')).map((c: { prefix: string; value: number | string }) => [
        c.prefix,
        Number(c.value),
      ]),
    );
    for (const [prefix, numbers] of runs) {
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(counters.get(prefix)).toBe(numbers.length);
    }
  });

  it('gives the organiser’s board two overdue pledges and one project past its deadline', async () => {
    const fairId = (await t.db.getRepository(DonationProject).findOneByOrFail({ status: 'published' })).fairId;
    const board = await t.app.get(DonationBoardService).board(fairId);
    expect(board.overdueCount).toBe(2);
    expect(board.pastDeadline.map((p) => p.title)).toEqual(['留守儿童图书角（演示）']);
    expect(board.total.receivedFen).toBeGreaterThan(0);
    expect(board.total.disbursedFen).toBeGreaterThan(0);
  });

  it('configures a clearly fictitious donation account for the city and every county office', async () => {
    const accounts = await t.db.getRepository(DonationAccount).find({ order: { office: 'ASC' } });
    expect(accounts.map((a) => a.office)).toEqual(['341302', '341321', '341322', '341323', '341324', 'city']);
    for (const a of accounts) {
      expect(a.accountNo).toContain('演示');
      expect(a.accountName).toContain('演示');
    }
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    const updatedBefore = (await t.db.getRepository(Product).find({ order: { id: 'ASC' } })).map((p) => p.updatedAt.getTime());
    await t.app.get(DemoSeeder).seed();
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toBe(false);
    expect(await counts()).toEqual(before);
    const updatedAfter = (await t.db.getRepository(Product).find({ order: { id: 'ASC' } })).map((p) => p.updatedAt.getTime());
    expect(updatedAfter).toEqual(updatedBefore);
  });
});
