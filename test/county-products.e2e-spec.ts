import sharp from 'sharp';
import request from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { FairListing } from '../src/fairs/fair-listing.entity';
import { Fair } from '../src/fairs/fair.entity';
import { PRODUCT_TEXT_LIMITS } from '../src/products/product-limits';
import { Product } from '../src/products/product.entity';
import { listInFair, makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, validCreditCode } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a county operator’s products', () => {
  let t: TestApp;
  let county: County;
  let otherCounty: County;
  let asCounty: Agent;
  let asOrganiser: Agent;
  let creditCode: string;

  const validFields = (overrides: Record<string, string> = {}) => ({
    code: 'DS-101',
    name: '砀山酥梨（金盖酥）',
    category: '蔬菜水果',
    spec: '5kg/箱',
    unit: '箱',
    price: '58.00',
    capacity: '20000',
    minOrder: '10',
    supplierName: '砀山县演示果业专业合作社',
    supplierCreditCode: creditCode,
    certificateNo: '',
    origin: '砀山县良梨镇',
    povertyHouseholds: '35',
    description: '金盖酥梨，皮薄多汁。',
    ...overrides,
  });

  /** Posts the multipart product form as the browser does (token in the URL). */
  async function postProduct(agent: Agent, action: string, fields: Record<string, string>, image?: { bytes: Buffer; name: string }) {
    const page = await agent.get(action === '/county/products' ? '/county/products/new' : `${action}/edit`);
    let req = agent.post(`${action}?_csrf=${encodeURIComponent(csrfFrom(page.text))}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (image) req = req.attach('image', image.bytes, image.name);
    return req;
  }

  async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}) {
    const token = csrfFrom((await agent.get(page)).text);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: token, ...fields });
  }

  const productCount = () => t.db.getRepository(Product).count();

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    otherCounty = await makeCounty(t.db, { code: '341322', name: '萧县' });
    creditCode = validCreditCode('93', '341321');
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('adds a product with an image as a draft, records it in the audit log and serves the image', async () => {
    const res = await postProduct(asCounty, '/county/products', validFields(), { bytes: PNG, name: 'pear.png' });
    expect(res.status).toBe(303);
    const product = await t.db.getRepository(Product).findOneByOrFail({ countyId: county.id, code: 'DS-101' });
    expect(product).toMatchObject({
      name: '砀山酥梨（金盖酥）',
      priceFen: 5800,
      capacity: 20000,
      minOrder: 10,
      status: 'draft',
      povertyHouseholds: 35,
    });
    // Re-encoded as JPEG (test/product-images covers what the re-encoding does).
    expect(product.imageKey).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(res.headers.location).toBe(`/county/products/${product.id}`);
    const page = await asCounty.get(res.headers.location).expect(200);
    expect(page.text).toContain('已保存草稿');
    expect(page.text).toContain('¥58.00');
    const image = await request(t.http).get(`/images/${product.imageKey}`).expect(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(image.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: 1, height: 1 });
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'product.create', entityId: String(product.id) })).toBe(1);
  });

  it('refuses a file that is not an image, keeps every typed value and writes nothing', async () => {
    const before = await productCount();
    const res = await postProduct(asCounty, '/county/products', validFields({ code: 'DS-102', name: '梨膏' }), {
      bytes: Buffer.from('GIF89a not really'),
      name: 'fake.png',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('图片应为 JPEG、PNG 或 WebP 格式');
    expect(res.text).toContain('value="梨膏"');
    expect(res.text).toContain('value="DS-102"');
    expect(await productCount()).toBe(before);
  });

  it('refuses an image over 5 MB with a message beside the field, keeping the form', async () => {
    const before = await productCount();
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await postProduct(asCounty, '/county/products', validFields({ code: 'DS-103', name: '梨汁' }), {
      bytes: big,
      name: 'big.png',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('图片不能超过 5 MB');
    expect(res.text).toContain('value="梨汁"');
    expect(await productCount()).toBe(before);
  });

  it.each([
    ['name', '', '请填写产品名称'],
    ['price', '0', '参考单价应为大于 0 的金额'],
    ['price', '12.345', '参考单价应为大于 0 的金额'],
    ['price', 'abc', '参考单价应为大于 0 的金额'],
    ['capacity', '10.5', '可供量应为整数'],
    ['minOrder', '30000', '起订量不能大于可供量'],
    ['supplierCreditCode', '93341321MA0000000X', '统一社会信用代码校验位不正确'],
    ['supplierCreditCode', 'ABC', '统一社会信用代码应为18位'],
    ['category', '电子产品', '产品类别应为以下之一'],
    ['unit', '吨', '计量单位应为以下之一'],
    ['name', '梨'.repeat(101), '产品名称不能超过100个字符'],
    ['code', 'DS 1', '产品编号只能包含字母、数字、横线和下划线'],
  ])('refuses %s = %p with “%s” and writes nothing', async (field, value, message) => {
    const before = await productCount();
    const res = await postProduct(asCounty, '/county/products', validFields({ code: 'DS-199', [field]: value }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await productCount()).toBe(before);
  });

  it('states each text limit once: the maxlength of the form and the refusal of the server agree', async () => {
    const form = (await asCounty.get('/county/products/new')).text;
    for (const [field, limit] of Object.entries(PRODUCT_TEXT_LIMITS)) {
      expect(form).toMatch(new RegExp(`<(input|textarea) id="${field}" name="${field}"[^>]* maxlength="${limit}"`));
    }
    const before = await productCount();
    const res = await postProduct(asCounty, '/county/products', validFields({ name: '梨'.repeat(PRODUCT_TEXT_LIMITS.name + 1) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`产品名称不能超过${PRODUCT_TEXT_LIMITS.name}个字符`);
    expect(await productCount()).toBe(before);
  });

  it('refuses a product code the county already uses', async () => {
    const before = await productCount();
    const res = await postProduct(asCounty, '/county/products', validFields({ name: '另一个产品' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('产品编号 DS-101 已被本县的“砀山酥梨（金盖酥）”使用');
    expect(await productCount()).toBe(before);
  });

  it('goes through review: submit → returned with a reason → resubmit → published', async () => {
    const product = await t.db.getRepository(Product).findOneByOrFail({ code: 'DS-101', countyId: county.id });
    const page = `/county/products/${product.id}`;
    expect((await post(asCounty, page, `${page}/submit`)).status).toBe(303);
    expect((await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).status).toBe('submitted');
    // Not public while waiting.
    await request(t.http).get(`/products/${product.id}`).expect(404);

    const queue = await asOrganiser.get('/admin/products').expect(200);
    expect(queue.text).toContain('砀山酥梨（金盖酥）');

    const review = `/admin/products/${product.id}`;
    const empty = await post(asOrganiser, review, `${review}/return`, { reason: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('请填写退回原因');
    expect((await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).status).toBe('submitted');

    expect((await post(asOrganiser, review, `${review}/return`, { reason: '请补充扶贫产品认定编号', confirmed: '1' })).status).toBe(303);
    const returned = await asCounty.get(page);
    expect(returned.text).toContain('已退回');
    expect(returned.text).toContain('请补充扶贫产品认定编号');

    await postProduct(asCounty, page, validFields({ certificateNo: '皖扶产认〔2020〕演示0001' }));
    await post(asCounty, page, `${page}/submit`);
    expect((await post(asOrganiser, review, `${review}/approve`)).status).toBe(303);
    const published = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBeInstanceOf(Date);
    await request(t.http).get(`/products/${product.id}`).expect(200);
  });

  it('keeps the approved price public while a price change on a published product waits for review', async () => {
    const product = await t.db.getRepository(Product).findOneByOrFail({ code: 'DS-101', countyId: county.id });
    const page = `/county/products/${product.id}`;
    const res = await postProduct(
      asCounty,
      page,
      validFields({ price: '52', description: '新季金盖酥梨。', certificateNo: '皖扶产认〔2020〕演示0001' }),
    );
    expect(res.status).toBe(303);
    let saved = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
    expect(saved.status).toBe('published');
    expect(saved.priceFen).toBe(5800); // still the approved price
    expect(saved.pendingChanges).toEqual({ priceFen: 5200 });
    expect(saved.description).toBe('新季金盖酥梨。'); // fields the organiser does not review apply at once
    const publicPage = await request(t.http).get(`/products/${product.id}`).expect(200);
    expect(publicPage.text).toContain('¥58.00');

    const review = `/admin/products/${product.id}`;
    const reviewPage = await asOrganiser.get(review);
    expect(reviewPage.text).toContain('¥52.00');
    await post(asOrganiser, review, `${review}/approve`);
    saved = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
    expect(saved.priceFen).toBe(5200);
    expect(saved.pendingChanges).toBeNull();
  });

  it('refuses to delete a product with intents and offers withdrawing instead', async () => {
    const product = await makeProduct(t.db, county, { name: '黄桃罐头' });
    await makeIntent(t.db, await makeBuyerUnit(t.db), [{ product, quantity: 5 }]);
    const page = `/county/products/${product.id}`;
    const shown = await asCounty.get(page);
    expect(shown.text).toContain('已有 1 条采购意向，不能删除');
    const res = await post(asCounty, page, `${page}/delete`, { confirmed: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('不能删除；如不再供应，请将其下架');
    expect(await t.db.getRepository(Product).countBy({ id: product.id })).toBe(1);

    expect((await post(asCounty, page, `${page}/withdraw`, { confirmed: '1' })).status).toBe(303);
    expect((await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).status).toBe('withdrawn');
    await request(t.http).get(`/products/${product.id}`).expect(404);
  });

  it('deletes a product without intents', async () => {
    const product = await makeProduct(t.db, county, { status: 'draft' });
    const page = `/county/products/${product.id}`;
    expect((await post(asCounty, page, `${page}/delete`, { confirmed: '1' })).status).toBe(303);
    expect(await t.db.getRepository(Product).countBy({ id: product.id })).toBe(0);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'product.delete', entityId: String(product.id) })).toBe(1);
  });

  it('keeps a product an archived fair listed: it can be withdrawn, not deleted', async () => {
    const fairs = t.db.getRepository(Fair);
    const archived = await fairs.save(
      fairs.create({ name: '宿州市2019年扶贫日消费扶贫展销会', date: '2019-10-17', status: 'archived', current: null }),
    );
    const product = await makeProduct(t.db, county, { name: '砀山酥梨（2019届）' });
    await listInFair(t.db, [product], archived.id);
    const page = `/county/products/${product.id}`;
    expect((await asCounty.get(page)).text).toContain('参加过已归档的展销会');
    const res = await post(asCounty, page, `${page}/delete`, { confirmed: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('其参展记录需保留，不能删除');
    expect(await t.db.getRepository(Product).countBy({ id: product.id })).toBe(1);
    expect(await t.db.getRepository(FairListing).countBy({ fairId: archived.id, productId: product.id })).toBe(1);
    expect(await t.db.getRepository(AuditLog).countBy({ action: 'product.delete', entityId: String(product.id) })).toBe(0);
  });

  it('cannot change another county’s product in any way (403, database unchanged)', async () => {
    const theirs = await makeProduct(t.db, otherCounty, { name: '萧县葡萄' });
    const before = await t.db.getRepository(Product).findOneByOrFail({ id: theirs.id });
    const page = '/county';
    await asCounty.get(`/county/products/${theirs.id}/edit`).expect(403);
    for (const action of ['submit', 'withdraw', 'delete']) {
      expect((await post(asCounty, page, `/county/products/${theirs.id}/${action}`)).status).toBe(403);
    }
    const token = csrfFrom((await asCounty.get('/county/products/new')).text);
    const edit = await asCounty
      .post(`/county/products/${theirs.id}?_csrf=${encodeURIComponent(token)}`)
      .field('code', 'XX-1')
      .field('name', '改名')
      .field('category', '蔬菜水果')
      .field('spec', '1kg')
      .field('unit', '箱')
      .field('price', '1')
      .field('capacity', '10')
      .field('minOrder', '1')
      .field('supplierName', 's')
      .field('supplierCreditCode', creditCode)
      .field('origin', 'o');
    expect(edit.status).toBe(403);
    expect(await t.db.getRepository(Product).findOneByOrFail({ id: theirs.id })).toEqual(before);
  });

  it('refuses a multipart form without its CSRF token', async () => {
    const before = await productCount();
    const res = await asCounty.post('/county/products').field('code', 'DS-300').field('name', 'x');
    expect(res.status).toBe(403);
    expect(await productCount()).toBe(before);
  });

  it('answers 404 for unknown image keys and never serves a path outside the store', async () => {
    await request(t.http).get('/images/0123456789abcdef0123456789abcdef.png').expect(404);
    await request(t.http).get('/images/..%2F..%2Fsession-secret').expect(404);
  });

  it('does not let buyers or the public into the county pages', async () => {
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: (await makeBuyerUnit(t.db)).id })).username);
    await buyer.get('/county/products/new').expect(403);
    const anon = await request(t.http).get('/county/products/new');
    expect(anon.status).toBe(303);
  });
});
