import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { Product } from '../src/products/product.entity';
import { SummaryFile } from '../src/summaries/summary-file.entity';
import { makeCounty, makeUser, validCreditCode } from './support/factories';
import { csrfFrom } from './support/http';
import { deleteKeysUnder, keysUnder, TEST_REDIS_URL, uniqueKeyPrefix } from './support/redis';
import { PDF } from './support/summary-files';
import { productRow, templateWith } from './support/testing-sheets';
import { XLSX_TYPE } from './support/uploads';
import { appEnv, ensureBuilt, openDatabase, startApp, type AppEnv, type SpawnedApp } from './support/spawned-app';
import { acknowledgedId, consistencyProblems, makeBuyersWithLists, prepareSubmissions, send, storedIntents } from './support/submissions';
import { createTestDatabase, usingPostgres } from './support/test-app';
import { WebClient } from './support/web-client';

/**
 * Scale-out: two instances of the built app on different ports sharing nothing but one
 * PostgreSQL database, one Redis (rate limits, under a key prefix of this run's own) and one
 * SESSION_SECRET; each has a DATA_DIR of its own, so images, summary files and imports waiting
 * for confirmation must go through the database (FILE_STORAGE's default there). Runs only on
 * PostgreSQL: CI runs the suite a second time with TEST_DATABASE_URL, and this suite runs there.
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
  const redisPrefix = uniqueKeyPrefix();
  /** Each instance's own DATA_DIR. */
  const dataDirs: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    env = { ...appEnv(database), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix };
    dataDirs.push(path.join(env.DATA_DIR, 'instance-a'), path.join(env.DATA_DIR, 'instance-b'));
    // Both start at once on the empty database: the migrations take turns under the advisory lock.
    [a, b] = await Promise.all(dataDirs.map((DATA_DIR) => startApp({ ...env, DATA_DIR })));
    db = await openDatabase(env, false);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await db?.destroy();
    await database?.drop();
    await deleteKeysUnder(redisPrefix);
  });

  /** A county of its own and its operator, signed in through A. */
  async function countyOperator(): Promise<{ countyId: number; browser: WebClient }> {
    const county = await makeCounty(db);
    const operator = await makeUser(db, 'county', { countyId: county.id });
    return { countyId: county.id, browser: await new WebClient(a.url).signIn(operator.username) };
  }

  /** GET through the client's session, keeping the body as bytes. */
  async function bytesFrom(browser: WebClient, url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const res = await fetch(url, { headers: { cookie: browser.cookieHeader() } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }

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

  it('confirms on B an import previewed on A', async () => {
    const { countyId, browser } = await countyOperator();
    const token = csrfFrom((await browser.get('/county/import')).text);
    const form = new FormData();
    const sheet = await templateWith([productRow(1), productRow(2)]);
    form.append('file', new Blob([new Uint8Array(sheet)], { type: XLSX_TYPE }), '产品导入.xlsx');
    const preview = await browser.request('POST', `/county/import?_csrf=${encodeURIComponent(token)}`, { body: form });
    expect(preview.status).toBe(200);
    const importId = /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)![1];
    const confirmed = await browser.postForm('/county/import/confirm', { _csrf: csrfFrom(preview.text), importId }, b.url);
    expect(confirmed.status).toBe(303);
    expect(await db.getRepository(Product).countBy({ countyId })).toBe(2);
    // Used up on both: a second confirmation, on either instance, imports nothing.
    for (const url of [a.url, b.url]) {
      expect((await browser.postForm('/county/import/confirm', { _csrf: csrfFrom(preview.text), importId }, url)).status).toBe(422);
    }
    expect(await db.getRepository(Product).countBy({ countyId })).toBe(2);
  });

  it('downloads from B a summary file uploaded through A', async () => {
    const { countyId, browser } = await countyOperator();
    const token = csrfFrom((await browser.get('/county/summary')).text);
    const form = new FormData();
    form.append('kind', 'document');
    form.append('files', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), '总结.pdf');
    const uploaded = await browser.request('POST', `/county/summary/files?_csrf=${encodeURIComponent(token)}`, { body: form });
    expect(uploaded.status).toBe(303);
    const file = await db.getRepository(SummaryFile).findOneByOrFail({ countyId });
    const fromB = await bytesFrom(browser, `${b.url}/county/summary/files/${file.id}`);
    expect([fromB.status, fromB.type, Buffer.compare(fromB.bytes, PDF)]).toEqual([200, 'application/pdf', 0]);
  });

  it('keeps the uploads in the database, not in either instance’s DATA_DIR, and the rate limits in Redis', async () => {
    const written = dataDirs.flatMap((dir) => ['uploads', 'imports'].map((name) => path.join(dir, name))).filter((p) => fs.existsSync(p));
    expect(written).toEqual([]);
    expect((await keysUnder(redisPrefix)).length).toBeGreaterThan(0);
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
