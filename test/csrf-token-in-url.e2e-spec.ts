import request from 'supertest';
import { Product } from '../src/products/product.entity';
import { productRow, templateWith } from './support/testing-sheets';
import { Fair } from '../src/fairs/fair.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { currentFairId, makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { registeredRoutes } from './support/routes';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';
import { PNG, validProductForm } from './support/uploads';

/**
 * The CSRF token travels in the form's body; only the upload forms (multipart, read by multer
 * after the guards) carry it in the action URL, and only there is a token in the URL accepted.
 */
const UPLOAD_ROUTES = ['POST /county/products', 'POST /county/products/:id', 'POST /county/import'];
const CSRF_MESSAGE = '页面已过期或表单无效';

describe(`the CSRF token in the URL (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: Agent;
  let organiser: Agent;
  const snap = () => dbSnapshot(t.db, t.config.dataDir);
  const tokenOf = async (agent: Agent) => csrfFrom((await agent.get('/login')).text);

  beforeAll(async () => {
    t = await createTestApp();
    const dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t?.close());

  it('refuses a form that carries its token only in the URL on every route but the uploads, writing nothing', async () => {
    const routes = registeredRoutes(t.app).filter((r) => r.startsWith('POST ') && !UPLOAD_ROUTES.includes(r));
    expect(routes.length).toBeGreaterThan(20);
    const token = await tokenOf(organiser);
    const problems: string[] = [];
    const before = await snap();
    for (const route of routes) {
      const path = route.slice('POST '.length).replace(/:\w+/g, '1');
      const res = await organiser
        .post(`${path}?_csrf=${encodeURIComponent(token)}`)
        .type('form')
        .send({ note: '' });
      if (res.status !== 403 || !res.text.includes(CSRF_MESSAGE)) problems.push(`${route}: ${res.status}`);
    }
    expect(problems).toEqual([]);
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('refuses a complete settings form whose token is only in the URL', async () => {
    const before = await snap();
    const res = await organiser
      .post(`/admin/fairs/${await currentFairId(t.db)}?_csrf=${encodeURIComponent(await tokenOf(organiser))}`)
      .type('form')
      .send({ name: '不应保存的名称', date: '2020-10-17', intentDeadline: '', minimumProducts: '20' });
    expect(res.status).toBe(403);
    expect(res.text).toContain(CSRF_MESSAGE);
    expect(snapshotDiff(before, await snap())).toEqual([]);
    expect((await t.db.getRepository(Fair).findOneBy({ current: true }))?.name).not.toBe('不应保存的名称');
  });

  it('refuses the token in the URL of an upload route when the body is not multipart', async () => {
    const before = await snap();
    const res = await county
      .post(`/county/products?_csrf=${encodeURIComponent(await tokenOf(county))}`)
      .type('form')
      .send(validProductForm({ code: 'URL-1' }));
    expect(res.status).toBe(403);
    expect(res.text).toContain(CSRF_MESSAGE);
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('refuses a multipart body with the token in the URL on a route that is not an upload', async () => {
    const before = await snap();
    const res = await organiser
      .post(`/admin/fairs/${await currentFairId(t.db)}?_csrf=${encodeURIComponent(await tokenOf(organiser))}`)
      .field('name', '不应保存的名称')
      .field('date', '2020-10-17')
      .field('minimumProducts', '20');
    expect(res.status).toBe(403);
    expect(snapshotDiff(before, await snap())).toEqual([]);
  });

  it('still takes the upload forms with the token in the URL: a product with its photo, an Excel import', async () => {
    let req = county.post(`/county/products?_csrf=${encodeURIComponent(await tokenOf(county))}`);
    for (const [k, v] of Object.entries(validProductForm({ code: 'URL-2' }))) req = req.field(k, v);
    const created = await req.attach('image', PNG, 'pear.png');
    expect(created.status).toBe(303);
    expect((await t.db.getRepository(Product).findOneByOrFail({ code: 'URL-2' })).imageKey).toMatch(/\.jpg$/);

    const preview = await county
      .post(`/county/import?_csrf=${encodeURIComponent(await tokenOf(county))}`)
      .attach('file', await templateWith([productRow(1)]), '产品.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.text).toMatch(/name="importId" value="[0-9a-f]{32}"/);
  });

  it('still takes the token from a form field and from the X-CSRF-Token header', async () => {
    const fromBody = await request.agent(t.http);
    const page = await fromBody.get('/login');
    const res = await fromBody
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'nobody', password: 'wrong-password' });
    expect(res.status).not.toBe(403);
    const fromHeader = await organiser
      .post('/logout')
      .set('X-CSRF-Token', await tokenOf(organiser))
      .type('form')
      .send({});
    expect(fromHeader.status).toBe(303);
  });
});
