import request from 'supertest';
import { SessionRecord } from '../src/auth/session.entity';
import type { Product } from '../src/products/product.entity';
import { makeCounty, makeProduct } from './support/factories';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

const ITEM_KEYS = [
  'id',
  'code',
  'name',
  'category',
  'spec',
  'unit',
  'priceFen',
  'capacity',
  'minOrder',
  'supplier',
  'origin',
  'imageUrl',
  'thumbnailUrl',
  'county',
];
const at = (day: number) => new Date(Date.UTC(2020, 9, day, 2));

describe(`the read-only JSON API (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let pear: Product;
  let draft: Product;
  let withdrawn: Product;

  const get = (path: string, query: Record<string, string> = {}) => request(t.http).get(path).query(query);
  const names = async (query: Record<string, string>) =>
    ((await get('/api/products', query).expect(200)).body.items as { name: string }[]).map((i) => i.name);

  beforeAll(async () => {
    t = await createTestApp();
    const dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县', minimumProducts: 20 });
    const xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县', minimumProducts: 15 });
    pear = await makeProduct(t.db, dangshan, {
      code: 'DS-001',
      name: '砀山酥梨（金盖酥）',
      category: '蔬菜水果',
      spec: '5kg/箱',
      unit: '箱',
      priceFen: 5800,
      capacity: 20000,
      minOrder: 10,
      supplierName: '砀山县演示果业专业合作社',
      origin: '砀山县良梨镇',
      imageKey: '0123456789abcdef0123456789abcdef.jpg',
      publishedAt: at(3),
    });
    await makeProduct(t.db, dangshan, { name: '酥梨罐头', category: '休闲食品', priceFen: 3600, publishedAt: at(4) });
    await makeProduct(t.db, xiaoxian, {
      name: '萧县葡萄',
      category: '蔬菜水果',
      priceFen: 4500,
      description: '黄河故道沙土地种植',
      publishedAt: at(5),
    });
    draft = await makeProduct(t.db, dangshan, { name: '酥梨干（草稿）', status: 'draft', publishedAt: null });
    withdrawn = await makeProduct(t.db, xiaoxian, { name: '葡萄干（已下架）', status: 'withdrawn' });
  });
  afterAll(() => t.close());

  it('GET /api/counties lists every county with exactly code, name, minimumProducts and publishedProducts', async () => {
    const res = await get('/api/counties').expect(200).expect('Content-Type', /json/);
    expect(res.body).toEqual([
      { code: '341321', name: '砀山县', minimumProducts: 20, publishedProducts: 2 },
      { code: '341322', name: '萧县', minimumProducts: 15, publishedProducts: 1 },
    ]);
  });

  it('GET /api/products answers { items, total, page, pageSize } with items of exactly the listed shape, prices in fen', async () => {
    const res = await get('/api/products', { q: '酥梨', sort: 'price_desc' }).expect(200);
    expect(Object.keys(res.body)).toEqual(['items', 'total', 'page', 'pageSize']);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 24 });
    expect(res.body.items[0]).toEqual({
      id: pear.id,
      code: 'DS-001',
      name: '砀山酥梨（金盖酥）',
      category: '蔬菜水果',
      spec: '5kg/箱',
      unit: '箱',
      priceFen: 5800,
      capacity: 20000,
      minOrder: 10,
      supplier: '砀山县演示果业专业合作社',
      origin: '砀山县良梨镇',
      imageUrl: '/images/0123456789abcdef0123456789abcdef.jpg',
      thumbnailUrl: '/images/thumbs/0123456789abcdef0123456789abcdef.jpg',
      county: { code: '341321', name: '砀山县' },
    });
    expect(Object.keys(res.body.items[1])).toEqual(ITEM_KEYS);
    expect(res.body.items[1]).toMatchObject({ name: '酥梨罐头', priceFen: 3600, imageUrl: null, thumbnailUrl: null });
  });

  it('GET /api/products/:id answers one published item in the same shape', async () => {
    const res = await get(`/api/products/${pear.id}`).expect(200);
    expect(Object.keys(res.body)).toEqual(ITEM_KEYS);
    expect(res.body).toMatchObject({ id: pear.id, name: '砀山酥梨（金盖酥）', county: { code: '341321', name: '砀山县' } });
  });

  it('never lists or returns unpublished products', async () => {
    const all = await get('/api/products', { pageSize: '100' }).expect(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((i: { name: string }) => i.name)).toEqual(['萧县葡萄', '酥梨罐头', '砀山酥梨（金盖酥）']);
    for (const p of [draft, withdrawn]) {
      const res = await get(`/api/products/${p.id}`).expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: '产品不存在或已被删除' });
    }
  });

  it('answers 404 in JSON for unknown and malformed ids', async () => {
    for (const path of ['/api/products/999999', '/api/products/abc', '/api/products/0', '/api/products/99999999999']) {
      const res = await get(path);
      expect([path, res.status, res.type]).toEqual([path, 404, 'application/json']);
    }
  });

  it('filters by county, category, keyword and price range (fen), and sorts', async () => {
    expect(await names({ county: '341322' })).toEqual(['萧县葡萄']);
    expect(await names({ category: '蔬菜水果' })).toEqual(['萧县葡萄', '砀山酥梨（金盖酥）']);
    expect(await names({ q: '酥梨' })).toEqual(['酥梨罐头', '砀山酥梨（金盖酥）']);
    expect(await names({ q: '故道沙土' })).toEqual(['萧县葡萄']);
    expect(await names({ minPrice: '3600', maxPrice: '4500' })).toEqual(['萧县葡萄', '酥梨罐头']);
    expect(await names({ sort: 'price_asc' })).toEqual(['酥梨罐头', '萧县葡萄', '砀山酥梨（金盖酥）']);
    expect(await names({ county: '341321', category: '蔬菜水果', q: '酥梨', minPrice: '5800', maxPrice: '5800' })).toEqual([
      '砀山酥梨（金盖酥）',
    ]);
  });

  it('pages, and caps pageSize at 100', async () => {
    const second = await get('/api/products', { pageSize: '2', page: '2' }).expect(200);
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.body.items.map((i: { name: string }) => i.name)).toEqual(['砀山酥梨（金盖酥）']);
    expect((await get('/api/products', { pageSize: '1000' }).expect(200)).body.pageSize).toBe(100);
    const past = await get('/api/products', { page: '50' }).expect(200);
    expect(past.body).toMatchObject({ items: [], total: 3, page: 50 });
  });

  it('answers 400 with a Chinese message naming the parameter for each bad value', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ county: '12' }, 'county', /county（县区代码）应为 6 位数字/],
      [{ county: '999999' }, 'county', /county（县区代码）999999 不存在/],
      [{ category: '水果' }, 'category', /category（产品类别）应为以下之一/],
      [{ q: '梨'.repeat(51) }, 'q', /q（关键词）不能超过 50 个字/],
      [{ minPrice: 'abc' }, 'minPrice', /minPrice（最低价）应为整数，单位为分/],
      [{ minPrice: '-1' }, 'minPrice', /minPrice（最低价）不能为负数/],
      [{ maxPrice: '12.5' }, 'maxPrice', /maxPrice（最高价）应为整数，单位为分/],
      [{ minPrice: '5000', maxPrice: '100' }, 'maxPrice', /maxPrice（最高价）不能低于 minPrice（最低价）/],
      [{ sort: 'cheapest' }, 'sort', /sort（排序）应为 newest、price_asc 或 price_desc/],
      [{ page: '0' }, 'page', /page（页码）应为正整数/],
      [{ page: 'two' }, 'page', /page（页码）应为正整数/],
      [{ page: '100001' }, 'page', /page（页码）不能超过 100000/],
      [{ pageSize: '0' }, 'pageSize', /pageSize（每页条数）应为正整数/],
      [{ pageSize: 'all' }, 'pageSize', /pageSize（每页条数）应为正整数/],
    ];
    for (const [query, field, message] of cases) {
      const res = await get('/api/products', query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'VALIDATION' });
      expect(res.body.message).toMatch(message);
      expect(res.body.fieldErrors[field][0]).toMatch(message);
    }
  });

  it('ignores empty and unknown parameters', async () => {
    const res = await get('/api/products', { county: '', q: ' ', sort: '', utm_source: 'wechat' }).expect(200);
    expect(res.body.total).toBe(3);
  });

  it('documents the six paths in the OpenAPI document at /api/docs-json, with the UI at /api/docs', async () => {
    const json = await get('/api/docs-json').expect(200);
    expect(Object.keys(json.body.paths).sort()).toEqual([
      '/api/counties',
      '/api/donations',
      '/api/fairs',
      '/api/products',
      '/api/products/{id}',
      '/api/projects',
    ]);
    const list = json.body.paths['/api/products'].get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['category', 'county', 'fair', 'maxPrice', 'minPrice', 'page', 'pageSize', 'q', 'sort'].sort(),
    );
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400']));
    expect(json.body.components.schemas.CatalogueItemDto.properties.priceFen.description).toMatch(/分/);

    const ui = await get('/api/docs').expect(200).expect('Content-Type', /html/);
    // Served by the app itself: every script is a local file, allowed by the CSP ('self').
    const scripts = [...ui.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^https?:/);
      await get(new URL(src, 'http://x/api/docs').pathname).expect(200);
    }
    expect(ui.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('writes no session and sets no cookie', async () => {
    const before = await t.db.getRepository(SessionRecord).count();
    for (const path of [
      '/api/counties',
      '/api/products?q=%E9%85%A5%E6%A2%A8',
      `/api/products/${pear.id}`,
      '/api/products?page=0',
      '/api/docs-json',
    ]) {
      const res = await get(path);
      expect([path, res.headers['set-cookie'] ?? []]).toEqual([path, []]);
    }
    expect(await t.db.getRepository(SessionRecord).count()).toBe(before);
  });
});
