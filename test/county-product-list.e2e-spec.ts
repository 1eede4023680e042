import type { County } from '../src/counties/county.entity';
import { makeCounty, makeProduct } from './support/factories';
import type { Agent } from './support/http';
import { clerkAndOrganiser } from './support/product-pages';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** The product names listed on a page of the county's list, in order. */
const names = (html: string): string[] => [...html.matchAll(/<a href="\/county\/products\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
/** The status tabs as "label count". */
const tabs = (html: string): string[] =>
  [...html.matchAll(/<li><a href="[^"]*"[^>]*>([^<]*) <small>(\d+)<\/small><\/a><\/li>/g)].map((m) => `${m[1]} ${m[2]}`);

describe(`the county’s product list: status tabs with counts, search, paging (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let county: County;
  let asCounty: Agent;
  const list = async (query = '') => (await asCounty.get(`/county${query}`).expect(200)).text;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, asCounty } = await clerkAndOrganiser(t));
    await makeProduct(t.db, county, { code: 'DS-001', name: '砀山酥梨', capacity: 20000 });
    await makeProduct(t.db, county, { code: 'DS-002', name: '酥梨膏', status: 'returned', publishedAt: null, reviewReason: '图片不清' });
    await makeProduct(t.db, county, { code: 'DS-003', name: '黄桃罐头', status: 'submitted', publishedAt: null });
    await makeProduct(t.db, county, { code: 'ds-100%', name: '梨汁', status: 'draft', publishedAt: null });
    for (let i = 10; i < 70; i++) await makeProduct(t.db, county, { code: `ZZ-${i}`, name: `演示产品${i}` });
    // Another county's products are never counted or listed.
    await makeProduct(t.db, await makeCounty(t.db), { code: 'DS-009', name: '萧县葡萄', status: 'returned' });
  });
  afterAll(() => t.close());

  it('shows a tab per status with its count, and filters by status from the URL', async () => {
    expect(tabs(await list())).toEqual(['全部 64', '草稿 1', '待审核 1', '已退回 1', '已发布 61', '已下架 0']);
    const returned = await list('?status=returned');
    expect(names(returned)).toEqual(['酥梨膏']);
    expect(returned).toMatch(/<a href="\/county\?status&#x3D;returned" class="active" aria-current="page">已退回 <small>1<\/small>/);
    expect(names(await list('?status=withdrawn'))).toEqual([]);
    expect(await list('?status=withdrawn')).toContain('没有符合条件的产品。');
  });

  it('searches the name or the code, any case, % taken literally; the tabs keep the search', async () => {
    expect(names(await list('?q=酥梨'))).toEqual(['砀山酥梨', '酥梨膏']);
    expect(names(await list('?q=ds-00'))).toEqual(['砀山酥梨', '酥梨膏', '黄桃罐头']);
    expect(names(await list('?q=100%25'))).toEqual(['梨汁']);
    expect(names(await list('?q=%25'))).toEqual(['梨汁']);
    expect(names(await list('?q=酥梨&status=returned'))).toEqual(['酥梨膏']);
    const html = await list('?q=酥梨');
    expect(html).toContain('href="/county?status&#x3D;draft&amp;q&#x3D;%E9%85%A5%E6%A2%A8"');
    expect(html).toContain('value="酥梨"'); // kept in the search box
  });

  it('ignores filter values that are not valid', async () => {
    expect(names(await list('?status=bogus&page=abc'))).toHaveLength(50);
    expect(names(await list(`?q=${'x'.repeat(400)}`))).toEqual([]);
  });

  it('pages by 50, keeping the filters in the page links', async () => {
    const first = await list('?status=published');
    expect(names(first)).toHaveLength(50);
    expect(first).toContain('共 61 条');
    expect(first).toContain('href="?status&#x3D;published&amp;page&#x3D;2"');
    expect(names(await list('?status=published&page=2'))).toHaveLength(11);
  });

  it('labels every cell, so that on a phone each row reads as a card with 可供量 and 状态', async () => {
    const html = await list('?q=DS-001');
    expect(html).toContain('<table class="table-cards">');
    expect(html).toContain('<td data-label="可供量" class="num">20,000 箱</td>');
    expect(html).toMatch(/<td data-label="状态"><span class="status status-published">已发布<\/span>/);
  });
});
