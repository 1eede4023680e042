import type { DataSource } from 'typeorm';
import { Product } from '../src/products/product.entity';
import { makeCounty, makeUser, validCreditCode } from './support/factories';
import { csrfFrom } from './support/http';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { acknowledgedId, consistencyProblems, makeBuyersWithLists, prepareSubmissions, send, storedIntents } from './support/submissions';
import { createTestDatabase, usingPostgres } from './support/test-app';
import { WebClient } from './support/web-client';

/**
 * Scale-out: two instances of the built app on different ports, one PostgreSQL database,
 * one SESSION_SECRET and one DATA_DIR (the images). Runs only on PostgreSQL: CI runs the
 * suite a second time with TEST_DATABASE_URL, and this suite runs there.
 */

const UNITS = 40;
const RETRIES = 12;
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const title = 'two app instances behind a load balancer share one PostgreSQL database';
if (!usingPostgres())
  console.log(`test/two-instances skipped: it needs PostgreSQL (TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test).`);
(usingPostgres() ? describe : describe.skip)(usingPostgres() ? title : `${title} — skipped: needs TEST_DATABASE_URL (PostgreSQL)`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: AppEnv;
  let db: DataSource;
  let a: SpawnedApp;
  let b: SpawnedApp;

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = appEnv(database);
    // Both start at once on the empty database: the migrations take turns under the advisory lock.
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    db = await openDatabase(env, false);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await db?.destroy();
    await database?.drop();
  });

  it('keeps a session signed in on A when the next request reaches B', async () => {
    const unit = (await makeBuyersWithLists(db, 1))[0];
    const browser = await new WebClient(a.url).signIn(unit.username);
    const page = await browser.get('/my/intents', b.url);
    expect(page.status).toBe(200);
    const user = await db.query(`SELECT "displayName" FROM "user" WHERE username = $1`, [unit.username]);
    expect(page.text).toContain(user[0].displayName);
    // And the other way round, for a form: token issued by B, accepted by A.
    const list = await browser.get('/intent-list', b.url);
    expect(list.status).toBe(200);
    const submitPage = await browser.get('/intent-list/submit', b.url);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(submitPage.text)![1];
    const res = await browser.postForm(
      '/intent-list/submit',
      { _csrf: csrfFrom(submitPage.text), idempotencyKey: key, contactName: '联系人', contactPhone: '13800000000' },
      a.url,
    );
    expect(res.status).toBe(303);
    expect((await browser.get(res.location!, b.url)).status).toBe(200);
  });

  it('serves an image uploaded through A from B', async () => {
    const county = await makeCounty(db);
    const operator = await makeUser(db, 'county', { countyId: county.id });
    const browser = await new WebClient(a.url).signIn(operator.username);
    const token = csrfFrom((await browser.get('/county/products/new')).text);
    const form = new FormData();
    const fields: Record<string, string> = {
      code: 'TWO-1',
      name: '两实例测试梨',
      category: '蔬菜水果',
      spec: '5kg/箱',
      unit: '箱',
      price: '58.00',
      capacity: '1000',
      minOrder: '1',
      supplierName: '测试合作社',
      supplierCreditCode: validCreditCode('93', county.code),
      certificateNo: '',
      origin: '测试镇',
      povertyHouseholds: '3',
      description: '',
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('image', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'pear.png');
    const created = await browser.request('POST', `/county/products?_csrf=${encodeURIComponent(token)}`, { body: form });
    expect(created.status).toBe(303);
    const product = await db.getRepository(Product).findOneByOrFail({ countyId: county.id, code: 'TWO-1' });
    // Re-encoded as JPEG at upload (test/product-images covers what the re-encoding does).
    expect(product.imageKey).toMatch(/^[0-9a-f]{32}\.jpg$/);

    for (const path of [`/images/${product.imageKey}`, `/images/thumbs/${product.imageKey}`]) {
      const fromA = await fetch(`${a.url}${path}`);
      const fromB = await fetch(`${b.url}${path}`);
      expect([fromA.status, fromB.status]).toEqual([200, 200]);
      expect(fromB.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.compare(Buffer.from(await fromB.arrayBuffer()), Buffer.from(await fromA.arrayBuffer()))).toBe(0);
    }
  });

  it('stores every acknowledged submission exactly once when the units submit alternately to A and B at once', async () => {
    const buyers = await makeBuyersWithLists(db, UNITS);
    // Sessions made on alternate instances; each form sent to the other one, retries to the first.
    const submissions = await prepareSubmissions(buyers, [a.url, b.url]);
    const other = (i: number) => (i % 2 === 0 ? b.url : a.url);
    const sends = [
      ...submissions.map((s, i) => send(s, other(i))),
      ...submissions.slice(0, RETRIES).map((s, i) => send(s, i % 2 === 0 ? a.url : b.url)),
    ];
    const responses = await Promise.all(sends);
    expect(responses.map((r) => r?.status)).toEqual(responses.map(() => 303));
    for (let i = 0; i < RETRIES; i++) expect(responses[UNITS + i]!.location).toBe(responses[i]!.location);

    const acknowledged = new Map(submissions.map((s, i) => [s, acknowledgedId(responses[i])!]));
    const stored = await storedIntents(db);
    expect(consistencyProblems(stored, submissions, acknowledged)).toEqual([]);
    const units = new Set(buyers.map((u) => u.unitId));
    expect(stored.intents.filter((i) => units.has(i.buyerUnitId))).toHaveLength(UNITS);
    // Each intent can be read on both instances by its unit.
    for (const s of submissions.slice(0, 4)) {
      const path = `/my/intents/${acknowledged.get(s)}`;
      expect((await s.client.get(path, a.url)).status).toBe(200);
      expect((await s.client.get(path, b.url)).status).toBe(200);
    }
  });

  it('reports both instances healthy to the load balancer', async () => {
    for (const app of [a, b]) {
      const res = await fetch(`${app.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    }
  });
});
