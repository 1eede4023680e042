import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password';
import { User } from '../auth/user.entity';
import { canonicalUsername } from '../auth/username';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import type { BuyerUnitType } from '../buyers/buyer-unit-types';
import { County } from '../counties/county.entity';
import { FairListing } from '../fairs/fair-listing.entity';
import { Fair } from '../fairs/fair.entity';
import { rebuildFairAggregates } from '../database/migrations/fair-aggregates-data';
import { isPostgres } from '../database/engine';
import { IntentLine } from '../intents/intent-line.entity';
import { Intent } from '../intents/intent.entity';
import { nextReferenceNo } from '../intents/reference-number';
import { ProductImages } from '../products/product-images';
import { Product } from '../products/product.entity';
import { loadDemoData, type DemoData } from './demo-data';
import { DemoDonationsSeeder } from './demo-donations';
import { drawDemoProductImage } from './demo-images';

/** The password of every demo account. Demo data is for trying the system, never production. */
export const DEMO_PASSWORD = 'fupin2020';

/** Demo intents are spread over the week before the 2020 fair (CST 10:00 each day). */
const SEED_SUBMITTED_AT = (i: number) => new Date(Date.UTC(2020, 9, 8 + (i % 8), 2, 0, 0));

/**
 * Loads seed/data into the database. Every record is looked up by its natural key first
 * and only inserted when missing, so running it twice changes nothing and never
 * overwrites what users changed.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly images: ProductImages,
  ) {}

  static loginHelp(seededNow: boolean): string {
    const data = loadDemoData();
    const lines = [
      seededNow ? '已载入演示数据 (demo data loaded).' : '演示数据已存在 (demo data present).',
      `演示账号 (demo log-ins), 密码均为 / password for all: ${DEMO_PASSWORD}`,
      `  组织方 organiser: ${data.users.organiser.username}`,
      ...data.users.counties.map((c) => `  县区 county:      ${c.username}  (${data.counties.find((x) => x.code === c.county)?.name})`),
      ...data.users.buyers.map((b) => `  采购单位 buyer:   ${b.username}  (${data.buyerUnits.find((u) => u.key === b.buyerUnit)?.name})`),
    ];
    return lines.join('\n');
  }

  /** Seeds when the database has no county yet; returns whether it did. */
  async seedIfEmpty(): Promise<boolean> {
    if ((await this.db.getRepository(County).count()) > 0) return false;
    await this.seed();
    return true;
  }

  async seed(data: DemoData = loadDemoData()): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.db.transaction(async (m) => {
      // The migrations create the first fair (the 2020 one); the demo takes part in the current fair.
      const fair = await m.getRepository(Fair).findOneByOrFail({ current: true });
      const counties = await this.seedCounties(m, data);
      const products = await this.seedProducts(m, data, counties);
      await this.seedListing(m, fair, products);
      const units = await this.seedBuyerUnits(m, data);
      await this.seedUsers(m, data, counties, units, passwordHash);
      await this.seedIntents(m, fair, data, counties, products, units);
      // The intents are written directly: the fair's aggregates are computed from them once.
      await rebuildFairAggregates(m, isPostgres(), fair.id);
      await new DemoDonationsSeeder(m, fair, counties, units).seed(data.donations);
    });
    this.logger.log(
      `demo data: ${data.counties.length} counties, ${data.products.length} products, ${data.intents.length} intents, ${data.donations.projects.length} donation projects`,
    );
  }

  private async seedCounties(m: EntityManager, data: DemoData): Promise<Map<string, County>> {
    const repo = m.getRepository(County);
    const byCode = new Map<string, County>();
    for (const c of data.counties) {
      byCode.set(c.code, (await repo.findOneBy({ code: c.code })) ?? (await repo.save(repo.create(c))));
    }
    return byCode;
  }

  private async seedProducts(m: EntityManager, data: DemoData, counties: Map<string, County>): Promise<Map<string, Product>> {
    const repo = m.getRepository(Product);
    const byKey = new Map<string, Product>();
    const publishedAt = new Date(Date.UTC(2020, 9, 1, 2));
    for (const [i, p] of data.products.entries()) {
      const county = counties.get(p.county)!;
      const existing = await repo.findOneBy({ countyId: county.id, code: p.code });
      const { county: _code, ...fields } = p;
      const product =
        existing ??
        (await repo.save(
          repo.create({
            ...fields,
            imageKey: await this.images.storeEncoded(await drawDemoProductImage(p.name, p.category)),
            countyId: county.id,
            status: 'published',
            // Distinct times so "newest first" has a stable, meaningful order.
            publishedAt: new Date(publishedAt.getTime() + i * 60_000),
          }),
        ));
      byKey.set(`${p.county}/${p.code}`, product);
    }
    return byKey;
  }

  /** Every published demo product takes part in the fair (参展). */
  private async seedListing(m: EntityManager, fair: Fair, products: Map<string, Product>): Promise<void> {
    const published = [...products.values()].filter((p) => p.status === 'published');
    for (const p of published) {
      await m.createQueryBuilder().insert().into(FairListing).values({ fairId: fair.id, productId: p.id }).orIgnore().execute();
    }
  }

  private async seedBuyerUnits(m: EntityManager, data: DemoData): Promise<Map<string, BuyerUnit>> {
    const repo = m.getRepository(BuyerUnit);
    const byKey = new Map<string, BuyerUnit>();
    for (const u of data.buyerUnits) {
      const { key, ...fields } = u;
      const unit =
        (await repo.findOneBy({ creditCode: u.creditCode })) ??
        (await repo.save(repo.create({ ...fields, type: fields.type as BuyerUnitType })));
      byKey.set(key, unit);
    }
    return byKey;
  }

  private async seedUsers(
    m: EntityManager,
    data: DemoData,
    counties: Map<string, County>,
    units: Map<string, BuyerUnit>,
    passwordHash: string,
  ): Promise<void> {
    const repo = m.getRepository(User);
    const wanted: Partial<User>[] = [
      { ...data.users.organiser, role: 'organiser' },
      ...data.users.counties.map((c) => ({
        username: c.username,
        displayName: c.displayName,
        role: 'county' as const,
        countyId: counties.get(c.county)!.id,
      })),
      ...data.users.buyers.map((b) => {
        const unit = units.get(b.buyerUnit)!;
        return { username: b.username, displayName: unit.contactName, role: 'buyer' as const, buyerUnitId: unit.id };
      }),
    ];
    for (const u of wanted) {
      const username = canonicalUsername(u.username!);
      if (await repo.findOneBy({ username })) continue;
      await repo.save(repo.create({ ...u, username, passwordHash }));
    }
  }

  private async seedIntents(
    m: EntityManager,
    fair: Fair,
    data: DemoData,
    counties: Map<string, County>,
    products: Map<string, Product>,
    units: Map<string, BuyerUnit>,
  ): Promise<void> {
    const intents = m.getRepository(Intent);
    const lines = m.getRepository(IntentLine);
    for (const [i, s] of data.intents.entries()) {
      const idempotencyKey = `seed-intent-${i + 1}`;
      if (await intents.findOneBy({ idempotencyKey })) continue;
      const unit = units.get(s.buyerUnit)!;
      const submittedAt = SEED_SUBMITTED_AT(i);
      const intent = await intents.save(
        intents.create({
          referenceNo: await nextReferenceNo(m, submittedAt),
          fairId: fair.id,
          buyerUnitId: unit.id,
          status: s.status,
          desiredDeliveryDate: s.desiredDeliveryDate,
          contactName: unit.contactName,
          contactPhone: unit.mobile,
          note: s.note,
          idempotencyKey,
          submittedAt,
        }),
      );
      for (const l of s.lines) {
        const product = products.get(`${l.county}/${l.product}`);
        if (!product || !counties.has(l.county)) throw new Error(`seed intent ${i + 1}: unknown product ${l.county}/${l.product}`);
        await lines.insert({ intentId: intent.id, productId: product.id, quantity: l.quantity, unitPriceFen: product.priceFen });
      }
    }
  }
}
