import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password';
import type { Role } from '../../src/auth/roles';
import { User } from '../../src/auth/user.entity';
import { BuyerUnit } from '../../src/buyers/buyer-unit.entity';
import { creditCodeCheckChar } from '../../src/common/credit-code';
import { County } from '../../src/counties/county.entity';
import { rebuildFairAggregates } from '../../src/database/migrations/fair-aggregates-data';
import { FairListing } from '../../src/fairs/fair-listing.entity';
import { Fair } from '../../src/fairs/fair.entity';
import { IntentLine } from '../../src/intents/intent-line.entity';
import { Intent } from '../../src/intents/intent.entity';
import { Product } from '../../src/products/product.entity';

/** Test data factories: sensible defaults, any field overridable. */

export const TEST_PASSWORD = 'test-password-1';
let seq = 0;
const next = () => ++seq;
/** Hashing is deliberately slow: hash the shared test password once per test file. */
let passwordHash: Promise<string> | undefined;

/** A credit code with a correct check character: prefix + area + a running number. */
export function validCreditCode(prefix = '91', area = '341302'): string {
  const body = `${prefix}${area}MA${String(next()).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
}

export async function makeCounty(db: DataSource, overrides: Partial<County> = {}): Promise<County> {
  const n = next();
  const repo = db.getRepository(County);
  return repo.save(repo.create({ code: String(349000 + n), name: `测试县${n}`, minimumProducts: 20, ...overrides }));
}

export async function makeBuyerUnit(db: DataSource, overrides: Partial<BuyerUnit> = {}): Promise<BuyerUnit> {
  const n = next();
  const repo = db.getRepository(BuyerUnit);
  return repo.save(
    repo.create({
      name: `测试采购单位${n}`,
      type: '学校',
      creditCode: validCreditCode('12', '341302'),
      contactName: `联系人${n}`,
      mobile: `1380000${String(n).padStart(4, '0')}`,
      address: '宿州市测试路1号',
      ...overrides,
    }),
  );
}

export async function makeUser(db: DataSource, role: Role, overrides: Partial<User> = {}): Promise<User> {
  const n = next();
  // A cheap scrypt cost (N=2^10): log-ins still verify for real, in a millisecond, not 0.1 s.
  passwordHash ??= hashPassword(TEST_PASSWORD, 2 ** 10);
  const repo = db.getRepository(User);
  return repo.save(
    repo.create({
      username: `${role}-${n}`,
      displayName: `${role} ${n}`,
      role,
      passwordHash: await passwordHash,
      ...overrides,
    }),
  );
}

/** The current fair's id (the migrations create the first fair). */
export async function currentFairId(db: DataSource): Promise<number> {
  return (await db.getRepository(Fair).findOneByOrFail({ current: true })).id;
}

/** Lists products in a fair (参展), the current one by default. */
export async function listInFair(db: DataSource, products: Product[], fairId?: number): Promise<void> {
  const fair = fairId ?? (await currentFairId(db));
  for (const p of products) {
    await db.createQueryBuilder().insert().into(FairListing).values({ fairId: fair, productId: p.id }).orIgnore().execute();
  }
}

/**
 * A product, published by default; a published product is also listed in the current fair,
 * as approving one lists it (`listed: false` leaves it off the listing).
 */
export async function makeProduct(
  db: DataSource,
  county: County,
  overrides: Partial<Product> = {},
  options: { listed?: boolean } = {},
): Promise<Product> {
  const n = next();
  const repo = db.getRepository(Product);
  const product = await repo.save(
    repo.create({
      countyId: county.id,
      code: `P-${n}`,
      name: `测试产品${n}`,
      category: '蔬菜水果',
      spec: '5kg/箱',
      unit: '箱',
      priceFen: 5000,
      capacity: 1000,
      minOrder: 1,
      supplierName: `测试合作社${n}`,
      supplierCreditCode: validCreditCode('93', county.code),
      origin: `${county.name}某镇`,
      description: '',
      status: 'published',
      publishedAt: new Date(),
      ...overrides,
    }),
  );
  if (product.status === 'published' && options.listed !== false) await listInFair(db, [product]);
  return product;
}

export async function makeIntent(
  db: DataSource,
  unit: BuyerUnit,
  lines: { product: Product; quantity: number }[],
  overrides: Partial<Intent> = {},
): Promise<Intent> {
  const n = next();
  const intents = db.getRepository(Intent);
  const intent = await intents.save(
    intents.create({
      referenceNo: `YX-20201010-${String(n).padStart(4, '0')}`,
      fairId: overrides.fairId ?? (await currentFairId(db)),
      buyerUnitId: unit.id,
      status: 'submitted',
      contactName: unit.contactName,
      contactPhone: unit.mobile,
      idempotencyKey: `test-${n}`,
      submittedAt: new Date(),
      ...overrides,
    }),
  );
  for (const l of lines) {
    await db.getRepository(IntentLine).insert({
      intentId: intent.id,
      productId: l.product.id,
      quantity: l.quantity,
      unitPriceFen: l.product.priceFen,
    });
  }
  await refreshAggregates(db, intent.fairId);
  return intent;
}

/**
 * Recomputes the fair aggregates from the lines (one fair's, or all). The app keeps them in
 * the transaction of every write; a test that writes intents or lines directly calls this.
 */
export async function refreshAggregates(db: DataSource, fairId?: number): Promise<void> {
  await rebuildFairAggregates(db, db.options.type === 'postgres', fairId);
}
