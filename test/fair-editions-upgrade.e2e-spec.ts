import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app-config';
import { databaseOptions } from '../src/database/database-options';
import { FairTotalsService } from '../src/intents/fair-totals.service';
import { createTestDatabase, usingPostgres } from './support/test-app';

/**
 * The upgrade itself: a database built by the migrations that landed before fair editions,
 * holding a running fair's data, is migrated; everything it held must be intact and belong
 * to fair #1, and the app must show the same figures as before.
 */
describe(`upgrading an existing database to fair editions (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  const pg = usingPostgres();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: ReturnType<typeof loadConfig>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', SESSION_SECRET: randomBytes(32).toString('hex'), ...database.env });
  });
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await database.drop();
  });

  /** One INSERT in the old schema, with each engine's placeholders; returns the new id. */
  const insert = async (ds: DataSource, table: string, row: Record<string, unknown>): Promise<number> => {
    const cols = Object.keys(row);
    const marks = cols.map((_, i) => (pg ? `$${i + 1}` : '?'));
    const values = Object.values(row).map((v) => (typeof v === 'boolean' && !pg ? Number(v) : v));
    const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${marks.join(', ')})`;
    if (pg) return Number((await ds.query(`${sql} RETURNING "id"`, values))[0].id);
    await ds.query(sql, values);
    return Number((await ds.query('SELECT last_insert_rowid() AS id'))[0].id);
  };
  const instant = (iso: string) => (pg ? iso : iso.replace('T', ' ').replace('Z', ''));

  /** Every count and total the fair's pages are made of, straight from the tables. */
  const figures = async (ds: DataSource) => {
    const one = async (sql: string) => Object.values((await ds.query(sql))[0] as Record<string, unknown>).map(Number);
    return {
      rows: await one(
        `SELECT (SELECT COUNT(*) FROM "county") a, (SELECT COUNT(*) FROM "product") b, (SELECT COUNT(*) FROM "buyer_unit") c,
                (SELECT COUNT(*) FROM "intent") d, (SELECT COUNT(*) FROM "intent_line") e, (SELECT COUNT(*) FROM "objection") f,
                (SELECT COUNT(*) FROM "intent_list_item") g, (SELECT COUNT(*) FROM "user") h`,
      ),
      amounts: await one(
        `SELECT COALESCE(SUM(CAST(l."quantity" AS bigint) * l."unitPriceFen"), 0) a,
                COALESCE(SUM(CAST(COALESCE(l."signedQuantity", 0) AS bigint) * l."unitPriceFen"), 0) b,
                COALESCE(SUM(CAST(COALESCE(l."deliveredQuantity", 0) AS bigint) * l."unitPriceFen"), 0) c
         FROM "intent_line" l JOIN "intent" i ON i."id" = l."intentId" WHERE i."status" IN ('submitted', 'confirmed', 'signed')`,
      ),
      references: (await ds.query(`SELECT "referenceNo" FROM "intent" ORDER BY "id"`)).map((r: { referenceNo: string }) => r.referenceNo),
    };
  };

  it('keeps every record and figure, all belonging to fair #1, and the app shows them', async () => {
    const all = databaseOptions(config).migrations as Function[];
    const firstNew = all.findIndex((m) => m.name.startsWith('FairEditions'));
    expect(firstNew).toBeGreaterThan(0);

    // 1. The database as the previous release left it, with a fair in progress.
    const old = new DataSource({ ...databaseOptions(config), migrations: all.slice(0, firstNew) });
    await old.initialize();
    await old.runMigrations();
    await insert(old, 'settings', {
      id: 1,
      fairName: '宿州市2020年扶贫日消费扶贫展销会',
      fairDate: '2020-10-17',
      intentDeadline: instant('2020-10-16T10:00:00.000Z'),
      minimumProducts: 20,
    });
    const county = await insert(old, 'county', { code: '341321', name: '砀山县', minimumProducts: 20 });
    const product = (code: string, status: string, priceFen: number) =>
      insert(old, 'product', {
        countyId: county,
        code,
        name: `产品${code}`,
        category: '蔬菜水果',
        spec: '5kg/箱',
        unit: '箱',
        priceFen,
        capacity: 1000,
        minOrder: 1,
        supplierName: '砀山县某合作社',
        supplierCreditCode: '93341321MA2N0D4X1B',
        origin: '砀山县',
        description: '',
        status,
      });
    const pear = await product('P1', 'published', 5800);
    const honey = await product('P2', 'published', 12000);
    await product('P3', 'draft', 100);
    const gone = await product('P4', 'withdrawn', 900);
    const unit = await insert(old, 'buyer_unit', {
      name: '宿州市第一中学',
      type: '学校',
      creditCode: '12341300MB1234567X',
      contactName: '王老师',
      mobile: '13800000101',
      address: '宿州市',
    });
    await insert(old, 'user', { username: 'school-1', passwordHash: 'x', role: 'buyer', displayName: '王老师', buyerUnitId: unit });
    const intent = (n: number, status: string) =>
      insert(old, 'intent', {
        referenceNo: `YX-20201010-000${n}`,
        buyerUnitId: unit,
        status,
        contactName: '王老师',
        contactPhone: '13800000101',
        note: '',
        idempotencyKey: `upgrade-${n}`,
        submittedAt: instant(`2020-10-1${n}T02:00:00.000Z`),
      });
    const signed = await intent(1, 'signed');
    const open = await intent(2, 'submitted');
    const withdrawn = await intent(3, 'withdrawn');
    await insert(old, 'intent_line', {
      intentId: signed,
      productId: pear,
      quantity: 13,
      unitPriceFen: 5800,
      signedQuantity: 11,
      deliveredQuantity: 10,
    });
    await insert(old, 'intent_line', {
      intentId: signed,
      productId: gone,
      quantity: 4,
      unitPriceFen: 900,
      signedQuantity: 4,
      deliveredQuantity: null,
    });
    await insert(old, 'intent_line', { intentId: open, productId: honey, quantity: 2, unitPriceFen: 12000 });
    await insert(old, 'intent_line', { intentId: withdrawn, productId: pear, quantity: 50, unitPriceFen: 5800 });
    await insert(old, 'intent_list_item', { buyerUnitId: unit, productId: honey, quantity: 3 });
    await insert(old, 'objection', { subjectType: 'figure', subject: '意向金额', text: '请核实。', status: 'open' });
    await insert(old, 'objection', { subjectType: 'product', productId: pear, text: '不是扶贫产品。', status: 'closed' });
    const before = await figures(old);
    await old.destroy();

    // 2. The new release's migrations.
    db = new DataSource(databaseOptions(config));
    await db.initialize();
    await db.runMigrations();
    expect(await db.showMigrations()).toBe(false);

    // 3. Nothing lost, nothing changed; it all belongs to fair #1, made from the settings.
    expect(await figures(db)).toEqual(before);
    expect(before.amounts).toEqual([13 * 5800 + 4 * 900 + 2 * 12000, 11 * 5800 + 4 * 900, 10 * 5800]);
    const fairs = await db.query(
      `SELECT "id", "name", CAST("date" AS varchar(10)) AS "date", "intentDeadline", "minimumProducts", "status", "current" FROM "fair"`,
    );
    expect(fairs).toHaveLength(1);
    const fair = fairs[0];
    expect(fair.name).toBe('宿州市2020年扶贫日消费扶贫展销会');
    expect(String(fair.date).slice(0, 10)).toBe('2020-10-17');
    expect(new Date(pg ? fair.intentDeadline : `${String(fair.intentDeadline).replace(' ', 'T')}Z`).toISOString()).toBe(
      '2020-10-16T10:00:00.000Z',
    );
    expect(Number(fair.minimumProducts)).toBe(20);
    expect(fair.status).toBe('closed'); // its deadline had passed: the fair day
    expect(fair.current === true || Number(fair.current) === 1).toBe(true);
    for (const table of ['intent', 'objection', 'intent_list_item']) {
      const owners = await db.query(`SELECT DISTINCT "fairId" FROM "${table}"`);
      expect(owners.map((r: { fairId: number }) => Number(r.fairId))).toEqual([Number(fair.id)]);
    }
    const listed = await db.query(`SELECT "productId" FROM "fair_listing" WHERE "fairId" = ${Number(fair.id)} ORDER BY "productId"`);
    expect(listed.map((r: { productId: number }) => Number(r.productId))).toEqual([pear, honey]);
    expect(await db.createQueryRunner().hasTable('settings')).toBe(false);
    await db.destroy();

    // 4. The upgraded app shows the same figures, as fair #1.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
    configureApp(app);
    await app.init();
    try {
      const totals = await app.get(FairTotalsService).totals({ fairId: Number(fair.id) });
      expect([totals.intendedFen, totals.signedFen, totals.deliveredFen]).toEqual(before.amounts);
      expect(totals.intents).toBe(2);
      const api = await request(app.getHttpServer()).get('/api/fairs').expect(200);
      expect(api.body).toEqual([{ id: Number(fair.id), name: fair.name, date: '2020-10-17', status: 'closed', current: true }]);
      const counties = await request(app.getHttpServer()).get('/api/counties').expect(200);
      expect(counties.body[0]).toMatchObject({ code: '341321', publishedProducts: 2 });
    } finally {
      await app.close();
    }
  });
});
