import request from 'supertest';
import { SessionRecord } from '../src/auth/session.entity';
import type { County } from '../src/counties/county.entity';
import { Product } from '../src/products/product.entity';
import { makeCounty, makeProduct, makeUser } from './support/factories';
import { signedIn } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** The product names listed on a catalogue page, in order. */
function listed(html: string): string[] {
  return [...html.matchAll(/<span class="product-name">([^<]*)<\/span>/g)].map((m) => m[1]);
}

/** The href of every page link (the pagination partial). */
function pageLinks(html: string): string[] {
  const nav = /<nav class="pagination"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
}

const at = (day: number) => new Date(Date.UTC(2020, 9, day, 2));

describe(`the public catalogue pages (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let pear: Product;
  let draft: Product;
  let withdrawn: Product;
  let submitted: Product;
  let script: Product;

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县', minimumProducts: 3 });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
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
      description: '黄河故道沙土地种植，皮薄多汁。',
      certificateNo: '皖扶产认〔2020〕演示0013',
      povertyHouseholds: 35,
      imageKey: '0123456789abcdef0123456789abcdef.jpg',
      publishedAt: at(3),
    });
    await makeProduct(t.db, dangshan, { name: '酥梨罐头', category: '休闲食品', priceFen: 3600, publishedAt: at(4) });
    await makeProduct(t.db, xiaoxian, { name: '萧县葡萄', category: '蔬菜水果', priceFen: 4500, origin: '萧县圣泉镇', publishedAt: at(5) });
    await makeProduct(t.db, xiaoxian, { name: 'Fuji Apple 红富士', category: '蔬菜水果', priceFen: 3000, publishedAt: at(2) });
    draft = await makeProduct(t.db, dangshan, { name: '砀山酥梨（草稿）', status: 'draft', publishedAt: null });
    withdrawn = await makeProduct(t.db, dangshan, { name: '酥梨干（已下架）', status: 'withdrawn' });
    submitted = await makeProduct(t.db, xiaoxian, { name: '酥梨膏（待审核）', status: 'submitted', publishedAt: null });
    script = await makeProduct(t.db, xiaoxian, {
      name: '<script>alert("酥梨")</script>',
      supplierName: '"><img src=x onerror=alert(1)>',
      category: '其他',
      priceFen: 9900,
      publishedAt: at(1),
    });
  });
  afterAll(() => t.close());

  describe('the front page', () => {
    it('shows the fair, a search box, the counties with their published products, and the categories', async () => {
      const res = await request(t.http).get('/').expect(200);
      expect(res.text).toContain('宿州市2020年扶贫日消费扶贫展销会');
      expect(res.text).toContain('2020年10月17日');
      expect(res.text).toMatch(/<form class="search-box" method="get" action="\/products"/);
      expect(res.text).toContain('name="q"');
      // 砀山县: 2 published (drafts and withdrawn ones do not count); 萧县: 3.
      expect(res.text).toMatch(/砀山县<\/span>\s*<span class="county-count">2 个产品/);
      expect(res.text).toMatch(/萧县<\/span>\s*<span class="county-count">3 个产品/);
      expect(res.text).toContain('href="/products?county=341321"');
      expect(res.text).toMatch(/href="\/products\?category=蔬菜水果">蔬菜水果 <small>3<\/small>/);
      expect(res.text).toMatch(/href="\/products\?category=酒类">酒类 <small>0<\/small>/);
    });
  });

  describe('the list', () => {
    it('shows only published products, newest first', async () => {
      const res = await request(t.http).get('/products').expect(200);
      expect(listed(res.text)).toEqual([
        '萧县葡萄',
        '酥梨罐头',
        '砀山酥梨（金盖酥）',
        'Fuji Apple 红富士',
        '&lt;script&gt;alert(&quot;酥梨&quot;)&lt;/script&gt;',
      ]);
      for (const p of [draft, withdrawn, submitted]) expect(res.text).not.toContain(p.name);
    });

    it('finds a 2-character Chinese term inside longer words (“酥梨” finds “砀山酥梨”)', async () => {
      const res = await request(t.http).get('/products').query({ q: '酥梨' }).expect(200);
      expect(listed(res.text)).toEqual(['酥梨罐头', '砀山酥梨（金盖酥）', '&lt;script&gt;alert(&quot;酥梨&quot;)&lt;/script&gt;']);
      expect(res.text).toContain('搜索“酥梨”');
      expect(res.text).toContain('value="酥梨"');
    });

    it('finds 3+-character terms in the name, supplier, origin and description', async () => {
      const names = async (q: string) => listed((await request(t.http).get('/products').query({ q }).expect(200)).text);
      expect(await names('砀山酥梨')).toEqual(['砀山酥梨（金盖酥）']);
      expect(await names('果业专业合作社')).toEqual(['砀山酥梨（金盖酥）']);
      expect(await names('圣泉镇')).toEqual(['萧县葡萄']);
      expect(await names('黄河故道')).toEqual(['砀山酥梨（金盖酥）']);
      // Its pieces 山酥, 酥梨 and 梨镇 all occur (name, origin), but not as one word: no match.
      expect(await names('山酥梨镇')).toEqual([]);
    });

    it('finds 1-character terms, several terms at once, and ASCII in any case', async () => {
      const names = async (q: string) => listed((await request(t.http).get('/products').query({ q }).expect(200)).text);
      expect(await names('萄')).toEqual(['萧县葡萄']);
      expect(await names('萧县 罐头')).toEqual([]);
      expect(await names('酥梨 罐头')).toEqual(['酥梨罐头']);
      expect(await names('APPLE')).toEqual(['Fuji Apple 红富士']);
      expect(await names('fuji apple')).toEqual(['Fuji Apple 红富士']);
    });

    it('filters by county, category and price range (yuan), and combines them', async () => {
      const names = async (query: Record<string, string>) => listed((await request(t.http).get('/products').query(query).expect(200)).text);
      expect(await names({ county: '341322' })).toEqual([
        '萧县葡萄',
        'Fuji Apple 红富士',
        '&lt;script&gt;alert(&quot;酥梨&quot;)&lt;/script&gt;',
      ]);
      expect(await names({ category: '蔬菜水果' })).toEqual(['萧县葡萄', '砀山酥梨（金盖酥）', 'Fuji Apple 红富士']);
      expect(await names({ minPrice: '36', maxPrice: '50' })).toEqual(['萧县葡萄', '酥梨罐头']);
      expect(await names({ county: '341321', category: '蔬菜水果', q: '酥梨' })).toEqual(['砀山酥梨（金盖酥）']);
    });

    it('sorts by price up and down', async () => {
      const names = async (sort: string) =>
        listed((await request(t.http).get('/products').query({ category: '蔬菜水果', sort }).expect(200)).text);
      expect(await names('price_asc')).toEqual(['Fuji Apple 红富士', '萧县葡萄', '砀山酥梨（金盖酥）']);
      expect(await names('price_desc')).toEqual(['砀山酥梨（金盖酥）', '萧县葡萄', 'Fuji Apple 红富士']);
    });

    it('keeps the filters in the form', async () => {
      const res = await request(t.http)
        .get('/products')
        .query({ county: '341321', category: '休闲食品', minPrice: '10', sort: 'price_desc' });
      expect(res.text).toContain('<option value="341321" selected>砀山县</option>');
      expect(res.text).toContain('<option value="休闲食品" selected>休闲食品</option>');
      expect(res.text).toContain('<option value="price_desc" selected>价格从高到低</option>');
      expect(res.text).toMatch(/name="minPrice"[^>]* value="10"/);
      expect(res.text).toMatch(/<form class="catalogue-filters" method="get" action="\/products"/);
    });

    it('shows a page for a shared link with bad values instead of an error', async () => {
      for (const query of [
        { page: 'abc' },
        { page: '-3' },
        { page: '99999999999' },
        { county: '999999' },
        { county: '<b>' },
        { category: '不存在' },
        { minPrice: 'cheap', maxPrice: '¥' },
        { sort: 'random' },
        { q: '%_\\\'"' },
        { q: '梨'.repeat(200) },
      ]) {
        const res = await request(t.http).get('/products').query(query);
        expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 200]);
      }
      // A reversed range is read the right way round.
      const swapped = await request(t.http).get('/products').query({ minPrice: '50', maxPrice: '36' });
      expect(listed(swapped.text)).toEqual(['萧县葡萄', '酥梨罐头']);
    });
  });

  describe('paging', () => {
    let many: County;
    beforeAll(async () => {
      many = await makeCounty(t.db, { code: '341399', name: '分页县' });
      for (let i = 1; i <= 30; i++) {
        await makeProduct(t.db, many, { name: `分页产品${String(i).padStart(2, '0')}`, priceFen: 1000 + i, publishedAt: at(10) });
      }
    });

    it('shows 24 products a page, with page links that keep the filters', async () => {
      const first = await request(t.http).get('/products').query({ county: '341399', sort: 'price_asc' }).expect(200);
      expect(listed(first.text)).toHaveLength(24);
      expect(listed(first.text)[0]).toBe('分页产品01');
      expect(first.text).toContain('共 30 个产品');
      const links = pageLinks(first.text);
      expect(links).toContain('?county=341399&sort=price_asc&page=2');
      expect(links.every((l) => l.includes('county=341399') && l.includes('sort=price_asc'))).toBe(true);

      const second = await request(t.http)
        .get(`/products${links.find((l) => l.endsWith('page=2'))}`)
        .expect(200);
      expect(listed(second.text)).toEqual(['分页产品25', '分页产品26', '分页产品27', '分页产品28', '分页产品29', '分页产品30']);
    });

    it('shows the last page for a page number past the end', async () => {
      const res = await request(t.http).get('/products').query({ county: '341399', sort: 'price_asc', page: '9' }).expect(200);
      expect(listed(res.text)).toHaveLength(6);
      expect(res.text).toMatch(/<span aria-current="page" class="current">2<\/span>/);
    });
  });

  describe('the product page', () => {
    it('shows every public field, the price in yuan and the image', async () => {
      const res = await request(t.http).get(`/products/${pear.id}`).expect(200);
      for (const text of [
        '砀山酥梨（金盖酥）',
        '砀山县',
        'DS-001',
        '蔬菜水果',
        '5kg/箱',
        '¥58.00',
        '20,000 箱',
        '10 箱',
        '砀山县演示果业专业合作社',
        '砀山县良梨镇',
        '皖扶产认〔2020〕演示0013',
        '35 户',
        '黄河故道沙土地种植，皮薄多汁。',
      ]) {
        expect(res.text).toContain(text);
      }
      expect(res.text).toContain('src="/images/0123456789abcdef0123456789abcdef.jpg"');
      // 加入意向清单: a quantity defaulting to the minimum order, and back to this page afterwards.
      expect(res.text).toContain('<form method="post" action="/intent-list/items"');
      expect(res.text).toContain(`<input type="hidden" name="productId" value="${pear.id}">`);
      expect(res.text).toContain(`<input type="hidden" name="returnTo" value="/products/${pear.id}">`);
      expect(res.text).toMatch(/<label for="add-quantity">采购数量（箱）<\/label>/);
      expect(res.text).toMatch(/id="add-quantity"[^>]* name="quantity"[^>]* value="10"/);
      expect(res.text).toContain('起订量 10 箱');
      expect(res.text).toMatch(/加入意向清单<\/button>/);
    });

    it('offers 加入意向清单 to visitors and buyers only, and brings them back to where they were', async () => {
      const listPath = '/products?county=341321&sort=price_asc';
      const anonymous = await request(t.http).get(listPath).expect(200);
      expect(anonymous.text.match(/action="\/intent-list\/items"/g)).toHaveLength(listed(anonymous.text).length);
      expect(anonymous.text).toContain('name="returnTo" value="/products?county&#x3D;341321&amp;sort&#x3D;price_asc"');

      const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer')).username);
      expect((await buyer.get(`/products/${pear.id}`).expect(200)).text).toMatch(/加入意向清单<\/button>/);
      const organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
      const clerk = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
      for (const agent of [organiser, clerk]) {
        expect((await agent.get(`/products/${pear.id}`).expect(200)).text).not.toContain('/intent-list/items');
        expect((await agent.get(listPath).expect(200)).text).not.toContain('/intent-list/items');
      }
      // Nor on the preview of a product that is not published.
      expect((await clerk.get(`/products/${draft.id}`).expect(200)).text).not.toContain('/intent-list/items');

      // A visitor adds from the product page and lands on it again with the message.
      const visitor = request.agent(t.http);
      const page = await visitor.get(`/products/${pear.id}`).expect(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const added = await visitor
        .post('/intent-list/items')
        .type('form')
        .send({ _csrf: token, productId: String(pear.id), quantity: '12', returnTo: `/products/${pear.id}` });
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`/products/${pear.id}`);
      expect((await visitor.get(`/products/${pear.id}`).expect(200)).text).toContain('已加入意向清单：砀山酥梨（金盖酥） 12 箱');
    });

    it('is 404 for an unknown, malformed or unpublished product', async () => {
      for (const path of [
        '/products/999999',
        '/products/abc',
        `/products/${draft.id}`,
        `/products/${withdrawn.id}`,
        `/products/${submitted.id}`,
      ]) {
        const res = await request(t.http).get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.text).not.toContain('草稿）');
      }
    });

    it('lets the product’s own county and the organiser preview an unpublished product, nobody else', async () => {
      const ownCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
      const otherCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: xiaoxian.id })).username);
      const organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
      const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer')).username);

      const own = await ownCounty.get(`/products/${draft.id}`).expect(200);
      expect(own.text).toContain('砀山酥梨（草稿）');
      expect(own.text).toContain('预览：该产品当前状态为“草稿”');
      await organiser.get(`/products/${withdrawn.id}`).expect(200);
      await otherCounty.get(`/products/${draft.id}`).expect(404);
      await buyer.get(`/products/${draft.id}`).expect(404);
      // The list stays the public catalogue for everyone.
      expect((await organiser.get('/products').expect(200)).text).not.toContain('砀山酥梨（草稿）');
    });
  });

  it('escapes product text everywhere it is shown', async () => {
    for (const path of ['/products?county=341322', `/products/${script.id}`, '/products?q=%E9%85%A5%E6%A2%A8']) {
      const res = await request(t.http).get(path).expect(200);
      expect(res.text).not.toContain('<script>alert');
      expect(res.text).not.toContain('<img src=x');
      expect(res.text).toContain('&lt;script&gt;alert(&quot;酥梨&quot;)&lt;/script&gt;');
    }
  });

  // Pages with the 加入意向清单 form carry a CSRF token, so they set the CSRF cookie (signed
  // double-submit, bound to no session for a visitor). That is not a session: no session cookie
  // is sent and no session row is written until the visitor actually adds something.
  it('never sets a session cookie or writes a session for anonymous visitors', async () => {
    const before = await t.db.getRepository(SessionRecord).count();
    const withForm = ['/products', '/products?q=%E9%85%A5%E6%A2%A8&page=2', `/products/${pear.id}`];
    for (const path of ['/', ...withForm, '/products/999999']) {
      const res = await request(t.http).get(path);
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      expect([path, cookies.filter((c) => !c.startsWith('fupin.csrf='))]).toEqual([path, []]);
      expect([path, cookies.length]).toEqual([path, withForm.includes(path) ? 1 : 0]);
      for (const c of cookies) expect(c).toMatch(/; HttpOnly; SameSite=Lax$/);
    }
    expect(await t.db.getRepository(SessionRecord).count()).toBe(before);
  });

  it('keeps the search index in step with every product write (the triggers are in place)', async () => {
    const names = async (q: string) => listed((await request(t.http).get('/products').query({ q }).expect(200)).text);
    const repo = t.db.getRepository(Product);
    const tea = await makeProduct(t.db, xiaoxian, { name: '皇藏峪野茶', publishedAt: at(6) });
    expect(await names('野茶')).toEqual(['皇藏峪野茶']);

    await repo.update({ id: tea.id }, { name: '皇藏峪云雾茶' });
    expect(await names('野茶')).toEqual([]);
    expect(await names('云雾')).toEqual(['皇藏峪云雾茶']);

    await repo.update({ id: tea.id }, { description: '山间散养蜜蜂' });
    expect(await names('蜜蜂')).toEqual(['皇藏峪云雾茶']);

    await repo.update({ id: tea.id }, { status: 'withdrawn' });
    expect(await names('云雾')).toEqual([]);

    await repo.delete({ id: tea.id });
    const left = await t.db.query(`SELECT COUNT(*) AS "n" FROM "product_search_gram" WHERE "productId" = ${Number(tea.id)}`);
    expect(Number(left[0].n)).toBe(0);
  });
});
