import request from 'supertest';
import { Fair } from '../src/fairs/fair.entity';
import { Intent } from '../src/intents/intent.entity';
import type { Product } from '../src/products/product.entity';
import { currentFairId, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser } from './support/factories';
import { section } from './support/gongshi-page';
import { signedIn, submitForm, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * The whole story through the HTTP stack, as the three users would go: the organiser
 * creates the 2021 fair from the 2020 one and makes it current, a county re-confirms its
 * listing in one step, registration opens, a buyer unit submits an intent to the 2021 fair,
 * and the 2020 公示 still shows exactly what it showed.
 */
describe(`one fair after another (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let organiser: Agent;
  let county: Agent;
  let buyer: Agent;
  let pear: Product;
  let fair2020: number;

  /** The 2020 公示's figures: every section from the totals to the objections. */
  const figures2020 = async () =>
    section((await request(t.http).get(`/gongshi?fair=${fair2020}`).expect(200)).text, 'by-county', 'supervision');

  beforeAll(async () => {
    t = await createTestApp();
    const dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县', minimumProducts: 1 });
    pear = await makeProduct(t.db, dangshan, { name: '砀山酥梨', priceFen: 5800 });
    await makeProduct(t.db, dangshan, { name: '砀山梨膏', priceFen: 3000 });
    const unit = await makeBuyerUnit(t.db, { name: '宿州市第一中学' });
    await makeIntent(t.db, unit, [{ product: pear, quantity: 13 }], { status: 'signed' });
    fair2020 = await currentFairId(t.db);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
  });
  afterAll(() => t?.close());

  it('runs the 2021 fair beside the 2020 one, whose 公示 does not change', async () => {
    const before = await figures2020();
    expect(before).toContain('¥754.00'); // 13 × ¥58.00, the 2020 intent

    // The organiser creates the 2021 fair from the current one and makes it current.
    const created = await submitForm(organiser, '/admin/fairs/new', '/admin/fairs', {
      name: '宿州市2021年扶贫日消费扶贫展销会',
      date: '2021-10-17',
      venue: '',
      intentDeadline: '',
      minimumProducts: '20',
    });
    expect(created.status).toBe(303);
    const fair2021 = await t.db.getRepository(Fair).findOneByOrFail({ name: '宿州市2021年扶贫日消费扶贫展销会' });
    expect(fair2021).toMatchObject({ status: 'preparing', previousFairId: fair2020 });
    expect((await submitForm(organiser, '/admin/fairs', `/admin/fairs/${fair2021.id}/make-current`, {})).status).toBe(303);
    const api = await request(t.http).get('/api/fairs').expect(200);
    expect(api.body.map((f: { id: number; current: boolean }) => [f.id, f.current])).toEqual([
      [fair2021.id, true],
      [fair2020, false],
    ]);

    // Nothing is on show until the county re-confirms last year's listing, in one step.
    // A visitor who opens the link meanwhile is told why the catalogue is empty.
    const PREPARING = '本届展销会正在筹备中';
    expect((await request(t.http).get('/api/products').expect(200)).body.total).toBe(0);
    expect((await request(t.http).get('/').expect(200)).text).toContain(PREPARING);
    expect((await request(t.http).get('/products').expect(200)).text).toContain(PREPARING);
    expect((await submitForm(county, '/county/listing', '/county/listing/carry-over', {})).status).toBe(303);
    expect((await request(t.http).get('/api/products').expect(200)).body.total).toBe(2);
    // (The front page's counts are kept a few seconds; the list is read afresh.)
    expect((await request(t.http).get('/products').expect(200)).text).not.toContain(PREPARING);

    // Registration opens; the buyer unit gathers a list and submits it to the 2021 fair.
    const opened = await submitForm(organiser, `/admin/fairs/${fair2021.id}/status`, `/admin/fairs/${fair2021.id}/status`, {
      from: 'preparing',
      confirm: 'on',
    });
    expect(opened.status).toBe(303);
    expect((await submitForm(buyer, '/products', '/intent-list/items', { productId: String(pear.id), quantity: '20' })).status).toBe(303);
    const submitted = await submitForm(buyer, '/intent-list/submit', '/intent-list/submit', {
      idempotencyKey: '11111111-2222-4333-8444-555555555555',
      contactName: '王老师',
      contactPhone: '13800000101',
    });
    expect(submitted.status).toBe(303);
    const intent = await t.db.getRepository(Intent).findOneByOrFail({ idempotencyKey: '11111111-2222-4333-8444-555555555555' });
    expect(intent.fairId).toBe(fair2021.id);

    // The 2021 公示 shows the new intent; the 2020 one shows exactly what it showed.
    expect((await request(t.http).get('/gongshi').expect(200)).text).toContain('¥1,160.00'); // 20 × ¥58.00
    expect(await figures2020()).toBe(before);
    const archive = await request(t.http).get('/gongshi/archive').expect(200);
    expect(archive.text).toContain(`/gongshi?fair=${fair2020}`);
  });
});
