import request from 'supertest';
import type { DataSource } from 'typeorm';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { DashboardService } from '../src/dashboard/dashboard.service';
import type { County } from '../src/counties/county.entity';
import { FairAggregatesService } from '../src/intents/fair-aggregates.service';
import { FairTotalsService, type FairFilter } from '../src/intents/fair-totals.service';
import { FairUnitFiguresService } from '../src/intents/fair-unit-figures.service';
import { IntentLine } from '../src/intents/intent-line.entity';
import { COUNTED_STATUSES } from '../src/intents/intent-status';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { byPublicType } from '../src/transparency/public-types';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, refreshAggregates } from './support/factories';
import { csrfFrom, signedIn, submitForm, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

type Row = Record<string, number | string>;

const AMOUNTS = `COALESCE(SUM(l."quantity"), 0) AS "quantity",
  COALESCE(SUM(CAST(l."quantity" AS bigint) * l."unitPriceFen"), 0) AS "intendedFen",
  COALESCE(SUM(CAST(COALESCE(l."signedQuantity", 0) AS bigint) * l."unitPriceFen"), 0) AS "signedFen",
  COALESCE(SUM(CAST(COALESCE(l."deliveredQuantity", 0) AS bigint) * l."unitPriceFen"), 0) AS "deliveredFen"`;
const COUNTED = COUNTED_STATUSES.map((s) => `'${s}'`).join(', ');

/** Every value a number (PostgreSQL answers bigint sums as text), rows in a fixed order. */
const normal = (rows: Row[]): Row[] =>
  rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'buyerType' ? String(v) : Number(v)])))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The aggregates as the test computes them, grouping the lines itself. */
async function recomputed(db: DataSource, fairId: number) {
  const from = `FROM "intent_line" l INNER JOIN "intent" i ON i."id" = l."intentId" INNER JOIN "buyer_unit" u ON u."id" = i."buyerUnitId"
    INNER JOIN "product" p ON p."id" = l."productId" WHERE i."status" IN (${COUNTED}) AND i."fairId" = ${fairId}`;
  return {
    units: normal(
      await db.query(`SELECT i."buyerUnitId", COUNT(DISTINCT i."id") AS "intents", ${AMOUNTS} ${from} GROUP BY i."buyerUnitId"`),
    ),
    types: normal(
      await db.query(
        `SELECT u."type" AS "buyerType", COUNT(DISTINCT i."id") AS "intents", COUNT(DISTINCT i."buyerUnitId") AS "buyerUnits", ${AMOUNTS}
         ${from} GROUP BY u."type"`,
      ),
    ),
    counties: normal(
      await db.query(
        `SELECT p."countyId", u."type" AS "buyerType", COUNT(DISTINCT i."id") AS "intents", COUNT(DISTINCT i."buyerUnitId") AS "buyerUnits",
         ${AMOUNTS} ${from} GROUP BY p."countyId", u."type"`,
      ),
    ),
    products: normal(await db.query(`SELECT l."productId", u."type" AS "buyerType", ${AMOUNTS} ${from} GROUP BY l."productId", u."type"`)),
  };
}

/** The aggregates as the app keeps them (rows left at zero by a withdrawal are not figures). */
async function maintained(db: DataSource, fairId: number) {
  const sums = `"quantity", "intendedFen", "signedFen", "deliveredFen"`;
  const nonZero = `("quantity" <> 0 OR "intendedFen" <> 0 OR "signedFen" <> 0 OR "deliveredFen" <> 0)`;
  return {
    units: normal(
      await db.query(`SELECT "buyerUnitId", "intents", ${sums} FROM "fair_unit_total" WHERE "fairId" = ${fairId} AND "intents" > 0`),
    ),
    types: normal(
      await db.query(
        `SELECT "buyerType", "intents", "buyerUnits", ${sums} FROM "fair_type_total" WHERE "fairId" = ${fairId} AND ("intents" <> 0 OR ${nonZero})`,
      ),
    ),
    counties: normal(
      await db.query(
        `SELECT "countyId", "buyerType", "intents", "buyerUnits", ${sums} FROM "fair_county_type_total"
         WHERE "fairId" = ${fairId} AND ("intents" <> 0 OR ${nonZero})`,
      ),
    ),
    products: normal(
      await db.query(`SELECT "productId", "buyerType", ${sums} FROM "fair_product_type_total" WHERE "fairId" = ${fairId} AND ${nonZero}`),
    ),
  };
}

describe(`fair aggregates kept with every intent write (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let fairId: number;
  let counties: County[];
  let products: Product[];
  let school: BuyerUnit;
  let hospital: BuyerUnit;
  let asSchool: Agent;
  let asHospital: Agent;
  let asOrganiser: Agent;
  let asCounty: Agent;

  /** The kept aggregates equal the lines' grouping, and the figures read from them equal the figures read from the lines. */
  const expectConsistent = async () => {
    expect(await maintained(t.db, fairId)).toEqual(await recomputed(t.db, fairId));
    const figures = t.app.get(FairTotalsService);
    const unitFigures = t.app.get(FairUnitFiguresService);
    const filters: FairFilter[] = [
      { fairId },
      { fairId, countyId: counties[0].id },
      { fairId, buyerType: '学校' },
      { fairId, countyId: counties[1].id, buyerType: '医院' },
    ];
    for (const f of filters) {
      const lines = { ...f, statuses: COUNTED_STATUSES };
      expect(await figures.totals(f)).toEqual(await figures.totals(lines));
      expect(await figures.byCounty(f)).toEqual(await figures.byCounty(lines));
      expect(await figures.byBuyerType(f)).toEqual(await figures.byBuyerType(lines));
      expect(await unitFigures.byBuyerUnit(f)).toEqual(await unitFigures.byBuyerUnit(lines));
      const demand = (await figures.byProduct(lines)).map((p) => [p.productId, p.quantity]);
      expect((await figures.demandByProduct(f)).map((p) => [p.productId, p.quantity]).sort((a, b) => a[0] - b[0])).toEqual(
        demand.sort((a, b) => a[0] - b[0]),
      );
    }
    // 公示's per-type table from the grouped rows equals the one built from every unit.
    const everyUnit = (await unitFigures.byBuyerUnit({ fairId })).map((u) => ({ ...u, buyerUnits: 1 }));
    expect(byPublicType(await unitFigures.unitGroups(fairId))).toEqual(byPublicType(everyUnit));
    expect((await figures.intentsPerFair()).get(fairId) ?? 0).toBe((await figures.totals({ fairId, statuses: COUNTED_STATUSES })).intents);
  };

  const addToList = async (agent: Agent, product: Product, quantity: number) => {
    const token = csrfFrom((await agent.get('/intent-list')).text);
    const res = await agent
      .post('/intent-list/items')
      .type('form')
      .send({ _csrf: token, productId: String(product.id), quantity: String(quantity) });
    expect(res.status).toBe(303);
  };
  const submitList = async (agent: Agent): Promise<number> => {
    const page = await agent.get('/intent-list/submit');
    const res = await agent
      .post('/intent-list/submit')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1],
        contactName: '联系人',
        contactPhone: '13800000000',
      });
    expect(res.status).toBe(303);
    return Number(/\/my\/intents\/(\d+)$/.exec(res.headers.location)![1]);
  };
  const lineOf = (intentId: number, product: Product) =>
    t.db.getRepository(IntentLine).findOneByOrFail({ intentId, productId: product.id });

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_ADDRESS: '1000' });
    fairId = await currentFairId(t.db);
    counties = [await makeCounty(t.db, { name: '砀山县' }), await makeCounty(t.db, { name: '萧县' })];
    products = [];
    for (let i = 0; i < 4; i++) {
      products.push(await makeProduct(t.db, counties[i % 2], { priceFen: 1234 + i * 1001, minOrder: 1, capacity: 100 }));
    }
    school = await makeBuyerUnit(t.db, { type: '学校' });
    hospital = await makeBuyerUnit(t.db, { type: '医院', anonymous: true });
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asHospital = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: hospital.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: counties[0].id })).username);
  });
  afterAll(() => t.close());

  it('follows submitting, amending, adding to, confirming, signing, delivering, cancelling, reopening and withdrawing', async () => {
    await expectConsistent();

    await addToList(asSchool, products[0], 30);
    await addToList(asSchool, products[1], 7);
    await addToList(asSchool, products[2], 5);
    const first = await submitList(asSchool);
    await expectConsistent();

    await addToList(asSchool, products[1], 3);
    const second = await submitList(asSchool);
    await expectConsistent();

    await addToList(asHospital, products[0], 90);
    await addToList(asHospital, products[3], 11);
    const third = await submitList(asHospital);
    await expectConsistent();
    // Demand 120 of product 0 against a capacity of 100: over-subscribed.
    expect((await t.app.get(DashboardService).oversubscribed({ fairId })).map((p) => [p.id, p.quantity])).toEqual([[products[0].id, 120]]);
    await asOrganiser.get('/admin').expect(200);

    // Amend: change a quantity, remove a line on the other county.
    const amend = await submitForm(asSchool, `/my/intents/${first}`, `/my/intents/${first}`, {
      [`qty[${products[0].id}]`]: '12',
      [`remove[${products[1].id}]`]: 'on',
    });
    expect(amend.status).toBe(303);
    await expectConsistent();

    // Add the list to an open intent.
    await addToList(asSchool, products[3], 4);
    await addToList(asSchool, products[1], 2);
    expect((await submitForm(asSchool, `/my/intents/${second}`, `/my/intents/${second}/add-from-list`, {})).status).toBe(303);
    await expectConsistent();

    const organiserPage = (id: number) => `/admin/intents/${id}`;
    expect((await submitForm(asOrganiser, organiserPage(first), `${organiserPage(first)}/status`, { action: 'confirm' })).status).toBe(303);
    await expectConsistent();

    // Signing and delivery by the organiser, then by the county at its stand.
    const l0 = await lineOf(first, products[0]);
    const l2 = await lineOf(first, products[2]);
    const sign = await submitForm(asOrganiser, organiserPage(first), `${organiserPage(first)}/quantities`, {
      kind: 'signed',
      [`signed[${l0.id}]`]: '10',
      [`signed[${l2.id}]`]: '5',
    });
    expect(sign.status).toBe(303);
    expect((await t.db.getRepository(Intent).findOneByOrFail({ id: first })).status).toBe('signed');
    await expectConsistent();
    const deliver = await submitForm(asOrganiser, organiserPage(first), `${organiserPage(first)}/quantities`, {
      kind: 'delivered',
      [`delivered[${l0.id}]`]: '9',
    });
    expect(deliver.status).toBe(303);
    await expectConsistent();
    const h0 = await lineOf(third, products[0]);
    const county = await submitForm(asCounty, '/county/signing', `/county/signing/${third}`, {
      kind: 'signed',
      [`signed[${h0.id}]`]: '80',
    });
    expect(county.status).toBe(303);
    await expectConsistent();
    // Clearing a signed quantity takes the intent back from 已签约.
    await submitForm(asOrganiser, organiserPage(first), `${organiserPage(first)}/quantities`, { kind: 'signed', [`signed[${l2.id}]`]: '' });
    await expectConsistent();

    const cancel = await submitForm(asOrganiser, organiserPage(third), `${organiserPage(third)}/status`, {
      action: 'cancel',
      reason: '单位预算调整',
      confirmed: '1',
    });
    expect(cancel.status).toBe(303);
    await expectConsistent();
    expect((await t.app.get(FairUnitFiguresService).byBuyerUnit({ fairId })).map((u) => u.unitId)).toEqual([school.id]);
    const reopen = await submitForm(asOrganiser, organiserPage(third), `${organiserPage(third)}/status`, {
      action: 'reopen',
      reason: '单位确认继续采购',
    });
    expect(reopen.status).toBe(303);
    await expectConsistent();

    expect((await submitForm(asSchool, `/my/intents/${second}`, `/my/intents/${second}/withdraw`, { confirmed: '1' })).status).toBe(303);
    await expectConsistent();
  });

  it('moves a unit whose type changes from its old type to its new one', async () => {
    // No page edits a unit's type yet; whatever does must write it inside within(), as here.
    await t.db.transaction((m) =>
      t.app
        .get(FairAggregatesService)
        .within(m, fairId, [school.id], () => m.getRepository(BuyerUnit).update({ id: school.id }, { type: '食堂' })),
    );
    await expectConsistent();
    expect((await t.app.get(FairTotalsService).byBuyerType({ fairId })).map((r) => r.type).sort()).toEqual(['医院', '食堂']);
    await t.db.transaction((m) =>
      t.app
        .get(FairAggregatesService)
        .within(m, fairId, [school.id], () => m.getRepository(BuyerUnit).update({ id: school.id }, { type: '学校' })),
    );
    await expectConsistent();
  });

  it('stays equal to the lines when one unit amends, withdraws, submits and is signed all at once', async () => {
    await addToList(asSchool, products[0], 6);
    await addToList(asSchool, products[1], 6);
    const a = await submitList(asSchool);
    await addToList(asSchool, products[2], 8);
    const b = await submitList(asSchool);
    await addToList(asSchool, products[3], 9);
    await addToList(asSchool, products[1], 1);
    const page = (id: number) => `/my/intents/${id}`;
    const la = await lineOf(a, products[0]);
    // Tokens first, so that the writes themselves go out together.
    const token = async (agent: Agent, url: string) => csrfFrom((await agent.get(url)).text);
    const [ta, tb, tSubmit, tSign] = [
      await token(asSchool, page(a)),
      await token(asSchool, page(b)),
      await asSchool.get('/intent-list/submit'),
      await token(asOrganiser, `/admin/intents/${a}`),
    ];
    const responses = await Promise.all([
      asSchool
        .post(page(a))
        .type('form')
        .send({ _csrf: ta, [`qty[${products[0].id}]`]: '16' }),
      asSchool
        .post(`${page(b)}/withdraw`)
        .type('form')
        .send({ _csrf: tb, confirmed: '1' }),
      asSchool
        .post('/intent-list/submit')
        .type('form')
        .send({
          _csrf: csrfFrom(tSubmit.text),
          idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(tSubmit.text)![1],
          contactName: '联系人',
          contactPhone: '13800000000',
        }),
      asOrganiser
        .post(`/admin/intents/${a}/quantities`)
        .type('form')
        .send({ _csrf: tSign, kind: 'signed', [`signed[${la.id}]`]: '3' }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    await expectConsistent();
  });

  it('stays equal to the lines when 40 units submit at once', async () => {
    const agents: Agent[] = [];
    for (let i = 0; i < 40; i++) {
      const unit = await makeBuyerUnit(t.db, { type: i % 3 === 0 ? '商超' : i % 3 === 1 ? '医院' : '企业', anonymous: i % 5 === 0 });
      const agent = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
      for (let k = 0; k <= i % 4; k++) await addToList(agent, products[(i + k) % 4], 1 + (i % 7));
      agents.push(agent);
    }
    const forms = await Promise.all(agents.map(async (agent) => ({ agent, page: await agent.get('/intent-list/submit') })));
    const responses = await Promise.all(
      forms.map(({ agent, page }) =>
        agent
          .post('/intent-list/submit')
          .type('form')
          .send({
            _csrf: csrfFrom(page.text),
            idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1],
            contactName: '联系人',
            contactPhone: '13800000000',
          }),
      ),
    );
    expect(responses.filter((r) => r.status !== 303).map((r) => r.status)).toEqual([]);
    await expectConsistent();
  }, 120_000);

  it('pages the 爱心榜 by 100 units, in the order of the figures, and takes any ?page without failing', async () => {
    // Enough units with intents for two pages (the factory rebuilds the aggregates after each).
    while ((await t.app.get(FairUnitFiguresService).unitRanking(fairId, { offset: 0, limit: 1 })).total <= 100) {
      await makeIntent(t.db, await makeBuyerUnit(t.db, { type: '其他' }), [{ product: products[1], quantity: 1 }]);
    }
    await expectConsistent();
    const all = await t.app.get(FairUnitFiguresService).byBuyerUnit({ fairId });
    const pages = Math.ceil(all.length / 100);
    const shownName = (u: (typeof all)[number]) => (u.anonymous ? '匿名单位' : u.name);
    const entries = (html: string) =>
      [...html.slice(html.indexOf('id="honour-roll"'), html.indexOf('id="supervision"')).matchAll(/<li><strong>([^<]+)<\/strong>/g)].map(
        (m) => m[1],
      );

    const first = (await request(t.http).get('/gongshi').expect(200)).text;
    expect(entries(first)).toEqual(all.slice(0, 100).map(shownName));
    expect(first).toContain(`第 1 页，共 ${pages} 页`);
    // Handlebars escapes "=" in attributes as &#x3D;, which browsers read as "=".
    expect(first).toContain('href="/gongshi?page&#x3D;2#honour-roll" rel="next">下一页</a>');
    expect(first).not.toContain('上一页');

    const last = (await request(t.http).get(`/gongshi?page=${pages}`).expect(200)).text;
    expect(entries(last)).toEqual(all.slice((pages - 1) * 100).map(shownName));
    expect(last).toContain(`<ol start="${(pages - 1) * 100 + 1}">`);
    expect(last).toContain(`第 ${pages} 页，共 ${pages} 页`);
    expect(last).toContain('rel="prev">上一页</a>');

    // Not a page number: the first page; past the last page: the last one.
    const cases: [string, number][] = [
      ['page=abc', 1],
      ['page=0', 1],
      ['page=-1', 1],
      ['page=1.5', 1],
      ['page=%00', 1],
      ['page=9999999', 1],
      ['page[]=2', 1],
      ['page=2&page=1', 1],
      ['page[a]=2', 1],
      ['page=999', pages],
    ];
    for (const [query, expected] of cases) {
      const res = await request(t.http).get(`/gongshi?${query}`);
      expect([query, res.status]).toEqual([query, 200]);
      expect(res.text).toContain(`第 ${expected} 页，共 ${pages} 页`);
    }
  }, 120_000);

  it("the migration's backfill and rebuildFairAggregates() give the aggregates the writes kept", async () => {
    const kept = await maintained(t.db, fairId);
    await refreshAggregates(t.db);
    expect(await maintained(t.db, fairId)).toEqual(kept);

    // Take the schema back to before the FairAggregates migration, then migrate again: its backfill.
    const executed = async () => (await t.db.query(`SELECT "name" FROM "migrations" ORDER BY "id" DESC`)) as { name: string }[];
    while ((await executed()).some((m) => m.name.startsWith('FairAggregates'))) await t.db.undoLastMigration();
    const runner = t.db.createQueryRunner();
    expect(await runner.hasTable('fair_unit_total')).toBe(false);
    await runner.release();
    await t.db.runMigrations();
    expect(await maintained(t.db, fairId)).toEqual(kept);
    expect(kept).toEqual(await recomputed(t.db, fairId));
  });
});
