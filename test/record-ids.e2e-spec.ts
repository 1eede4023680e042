import request from 'supertest';
import type { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { IntentLine } from '../src/intents/intent-line.entity';
import { IntentListItem } from '../src/intents/intent-list-item.entity';
import type { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { registeredRoutes } from './support/routes';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * One rule for a record id wherever it arrives — a path, a query parameter, a form field, a
 * field's name (qty[12]): decimal digits without a leading zero, 1 to 2,147,483,647. Ids are
 * integer columns, so on PostgreSQL a larger value sent to the database was a 500; and "00001",
 * "0x10" or "1e3", which Number() reads as 1, 16 and 1000, named existing records.
 */
const NOT_IDS = ['2147483648', '99999999999999999999', '0x10', '00001', '-1', '1e3', '0', '1.0', '+1', ' 1'];

/** Path parameters that are not record ids (an image's file name). */
const NOT_ID_PARAMS = ['GET /images/:key', 'GET /images/thumbs/:key'];

describe(`record ids in paths, queries and form fields (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let products: Product[];
  let unit: BuyerUnit;
  let intent: Intent;
  const agents = {} as Record<'buyer' | 'county' | 'organiser', Agent>;
  const snap = () => dbSnapshot(t.db, t.config.dataDir);
  let address = 0;
  const nextAddress = () => `10.7.${Math.floor(++address / 250)}.${address % 250}`;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1' });
    const county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    // Ids 1 to 1000 exist, so "00001", "0x10" and "1e3", were they read as numbers, would name a record.
    products = [];
    for (let i = 0; i < 17; i++) products.push(await makeProduct(t.db, county, { minOrder: 1 }));
    expect(products[0].id).toBe(1);
    expect(products.some((p) => p.id === 16)).toBe(true);
    unit = await makeBuyerUnit(t.db);
    intent = await makeIntent(t.db, unit, [
      { product: products[0], quantity: 10 },
      { product: products[15], quantity: 10 },
    ]);
    expect(intent.id).toBe(1);
    agents.buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    agents.county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    agents.organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t?.close());

  const token = async (agent: Agent, page = '/intent-list') => csrfFrom((await agent.get(page)).text);

  it('answers 404 to /products/0x10 and /admin/intents/00001, which name records as numbers', async () => {
    expect((await request(t.http).get('/products/16')).status).toBe(200);
    expect((await request(t.http).get('/products/0x10')).status).toBe(404);
    expect((await agents.organiser.get('/admin/intents/1')).status).toBe(200);
    expect((await agents.organiser.get('/admin/intents/00001')).status).toBe(404);
  });

  it('answers 404 to every id-like path parameter that is not an id, and changes nothing', async () => {
    const routes = registeredRoutes(t.app).filter((r) => r.includes(':') && !NOT_ID_PARAMS.includes(r));
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    const before = await snap();
    for (const route of routes) {
      const [method, pattern] = route.split(' ');
      const agent = pattern.startsWith('/admin') ? agents.organiser : pattern.startsWith('/county') ? agents.county : agents.buyer;
      const csrf = method === 'POST' ? await token(agent) : '';
      for (const value of NOT_IDS) {
        const path = pattern.replace(/:\w+/g, encodeURIComponent(value));
        const res = method === 'GET' ? await agent.get(path) : await agent.post(path).type('form').send({ _csrf: csrf });
        if (res.status !== 404) problems.push(`${method} ${path}: ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('answers 404 to the objection form for a product parameter that is not an id', async () => {
    for (const value of NOT_IDS) {
      const res = await request(t.http).get(`/objections/new?product=${encodeURIComponent(value)}`);
      expect([value, res.status]).toEqual([value, 404]);
    }
  });

  it('refuses a productId that is not an id when adding to the list, with nothing written', async () => {
    const csrf = await token(agents.buyer);
    for (const value of NOT_IDS) {
      const before = await snap();
      const res = await agents.buyer.post('/intent-list/items').type('form').send({ _csrf: csrf, productId: value, quantity: '2' });
      expect([value, res.status]).toEqual([value, 404]);
      expect(res.text).toContain('产品不存在');
      expect(snapshotDiff(before, await snap())).toEqual([]);
    }
    // The same form with the id spelt once: the product is listed.
    const ok = await agents.buyer.post('/intent-list/items').type('form').send({ _csrf: csrf, productId: '16', quantity: '2' });
    expect(ok.status).toBe(303);
    expect(await t.db.getRepository(IntentListItem).countBy({ buyerUnitId: unit.id, productId: 16 })).toBe(1);
  });

  it('refuses an objection whose productId is not an id beside the field, with nothing written', async () => {
    for (const value of NOT_IDS) {
      const visitor = request.agent(t.http);
      const csrf = csrfFrom((await visitor.get('/objections/new').set('X-Forwarded-For', nextAddress())).text);
      const before = await snap();
      const res = await visitor
        .post('/objections/new')
        .set('X-Forwarded-For', nextAddress())
        .type('form')
        .send({ _csrf: csrf, productId: value, text: '公示的数量与实际不符，请核实。' });
      expect([value, res.status]).toEqual([value, 422]);
      expect(res.text).toContain('产品编号有误，请从产品页面重新进入');
      expect(snapshotDiff(before, await snap())).toEqual([]);
    }
  });

  it('ignores quantity and removal fields whose names hold no id (remove[00001] is not remove[1])', async () => {
    const csrf = await token(agents.buyer, `/my/intents/${intent.id}`);
    const before = await snap();
    const res = await agents.buyer
      .post(`/my/intents/${intent.id}`)
      .type('form')
      .send({ _csrf: csrf, 'remove[00001]': 'on', 'qty[0x10]': '30', 'qty[1e3]': '30', 'qty[2147483648]': '30' });
    expect(res.status).toBe(303);
    expect(snapshotDiff(before, await snap())).toEqual([]);
    const lines = await t.db.getRepository(IntentLine).findBy({ intentId: intent.id });
    expect(lines.map((l) => [l.productId, l.quantity]).sort()).toEqual([
      [1, 10],
      [16, 10],
    ]);
  });
});
