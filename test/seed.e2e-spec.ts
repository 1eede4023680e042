import sharp from 'sharp';
import request from 'supertest';
import { User } from '../src/auth/user.entity';
import { verifyPassword } from '../src/auth/password';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { BUYER_UNIT_TYPES } from '../src/buyers/buyer-unit-types';
import { isValidCreditCode } from '../src/common/credit-code';
import { County } from '../src/counties/county.entity';
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
