import request from 'supertest';
import { CatalogueService } from '../src/catalogue/catalogue.service';
import type { County } from '../src/counties/county.entity';
import { Product } from '../src/products/product.entity';
import { makeBuyerUnit, makeCounty, makeProduct, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';
import { validProductForm } from './support/uploads';

/** The product names and prices listed on a catalogue page, in order. */
function listed(html: string): string[] {
  return [...html.matchAll(/<span class="product-name">([^<]*)<\/span>[\s\S]*?<span class="product-price">([^<]*)</g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

/** Every CSRF token on a page (one per 加入意向清单 form). */
const tokens = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

/**
 * The anonymous catalogue page is kept (CataloguePageCache) and must still show every change
 * on the very next request: a publish, a withdrawal, a price change, a listing change, each
 * made through the pages that make it.
 */
describe(`kept catalogue pages (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  const PAGE = `/products?category=${encodeURIComponent('蔬菜水果')}&sort=price_asc`;
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  let asOrganiser: Agent;
  let searches: jest.SpyInstance;
  // One host for every visitor: a page is kept per host and URL (supertest's port changes).
  const HOST = 'fair.example.cn';
  const anonymous = async () => (await request(t.http).get(PAGE).set('Host', HOST).expect(200)).text;
  /** The page as a visitor sees it, asserted to come from the kept copy (no search ran). */
  async function keptPage(): Promise<string> {
    await anonymous();
    searches.mockClear();
    const html = await anonymous();
    expect(searches).not.toHaveBeenCalled();
    return html;
  }

  async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
    const token = csrfFrom((await agent.get(page)).text);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: token, ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    await makeProduct(t.db, county, { name: '砀山酥梨', priceFen: 5800 });
    await makeProduct(t.db, county, { name: '砀山黄桃', priceFen: 3000 });
    searches = jest.spyOn(t.app.get(CatalogueService), 'search');
  });
  afterAll(() => t.close());

  it('serves a visitor the kept page, with a CSRF token of their own that their form accepts', async () => {
    const first = await anonymous();
    searches.mockClear();
    const visitor = browser(t.http);
    const second = await visitor.get(PAGE).set('Host', HOST).expect(200);
    expect(searches).not.toHaveBeenCalled();
    expect(listed(second.text)).toEqual(listed(first));
    expect(listed(second.text)).toEqual(['砀山黄桃 ¥30.00', '砀山酥梨 ¥58.00']);
    const [token, ...others] = tokens(second.text);
    expect(others.every((o) => o === token)).toBe(true);
    expect(tokens(first)).not.toContain(token);
    expect(second.text).not.toMatch(/csrf-slot-/);

    const product = await t.db.getRepository(Product).findOneByOrFail({ name: '砀山酥梨' });
    const added = await visitor
      .post('/intent-list/items')
      .type('form')
      .send({ _csrf: token, productId: String(product.id), returnTo: PAGE });
    expect(added.status).toBe(303);
    // The visitor now has a session (an intent list): their pages are rendered for them, not kept.
    searches.mockClear();
    await visitor.get(PAGE).set('Host', HOST).expect(200);
    expect(searches).toHaveBeenCalledTimes(1);
  });

  it('never serves the kept page to someone signed in', async () => {
    await keptPage();
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: (await makeBuyerUnit(t.db)).id })).username);
    searches.mockClear();
    const page = await buyer.get(PAGE).set('Host', HOST).expect(200);
    expect(searches).toHaveBeenCalledTimes(1);
    expect(page.text).toContain('退出');
  });

  it('shows a product the organiser publishes on the next request', async () => {
    expect(listed(await keptPage())).not.toContain('砀山梨膏 ¥45.00');
    const res = await asCounty
      .post(`/county/products?_csrf=${encodeURIComponent(csrfFrom((await asCounty.get('/county/products/new')).text))}`)
      .field(validProductForm({ code: 'DS-201', name: '砀山梨膏', price: '45' }));
    expect(res.status).toBe(303);
    const product = await t.db.getRepository(Product).findOneByOrFail({ code: 'DS-201' });
    const page = `/county/products/${product.id}`;
    expect((await post(asCounty, page, `${page}/submit`)).status).toBe(303);
    expect(listed(await anonymous())).not.toContain('砀山梨膏 ¥45.00');
    const review = `/admin/products/${product.id}`;
    expect((await post(asOrganiser, review, `${review}/approve`)).status).toBe(303);
    expect(listed(await anonymous())).toEqual(['砀山黄桃 ¥30.00', '砀山梨膏 ¥45.00', '砀山酥梨 ¥58.00']);
  });

  it('shows an approved price change on the next request', async () => {
    expect(listed(await keptPage())).toContain('砀山梨膏 ¥45.00');
    const product = await t.db.getRepository(Product).findOneByOrFail({ code: 'DS-201' });
    const page = `/county/products/${product.id}`;
    const edited = await asCounty
      .post(`${page}?_csrf=${encodeURIComponent(csrfFrom((await asCounty.get(`${page}/edit`)).text))}`)
      .field(validProductForm({ code: 'DS-201', name: '砀山梨膏', price: '65' }));
    expect(edited.status).toBe(303);
    // Waiting for review: the public still sees the approved price.
    expect(listed(await anonymous())).toContain('砀山梨膏 ¥45.00');
    const review = `/admin/products/${product.id}`;
    expect((await post(asOrganiser, review, `${review}/approve`)).status).toBe(303);
    expect(listed(await anonymous())).toEqual(['砀山黄桃 ¥30.00', '砀山酥梨 ¥58.00', '砀山梨膏 ¥65.00']);
  });

  it('drops a product the county withdraws on the next request', async () => {
    expect(listed(await keptPage())).toContain('砀山黄桃 ¥30.00');
    const product = await t.db.getRepository(Product).findOneByOrFail({ name: '砀山黄桃' });
    const page = `/county/products/${product.id}`;
    expect((await post(asCounty, page, `${page}/withdraw`, { confirmed: '1' })).status).toBe(303);
    expect(listed(await anonymous())).toEqual(['砀山酥梨 ¥58.00', '砀山梨膏 ¥65.00']);
  });

  it('follows the county’s listing (参展产品) on the next request', async () => {
    expect(listed(await keptPage())).toContain('砀山酥梨 ¥58.00');
    const keep = await t.db.getRepository(Product).findOneByOrFail({ name: '砀山梨膏' });
    expect((await post(asCounty, '/county/listing', '/county/listing', { productIds: String(keep.id) })).status).toBe(303);
    expect(listed(await anonymous())).toEqual(['砀山梨膏 ¥65.00']);
  });

  it('shows a change another instance commits (straight to the database, no call into this one) on the next request', async () => {
    expect(listed(await keptPage())).toEqual(['砀山梨膏 ¥65.00']);
    await t.db.query(`UPDATE "county" SET "name" = '砀山' WHERE "id" = ${county.id}`);
    expect(await anonymous()).toContain('<span class="product-meta">砀山 · 蔬菜水果');
    await t.db.query(`UPDATE "product" SET "priceFen" = 6600 WHERE "name" = '砀山梨膏'`);
    expect(listed(await anonymous())).toEqual(['砀山梨膏 ¥66.00']);
  });
});
