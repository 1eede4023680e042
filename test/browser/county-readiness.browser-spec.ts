import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { creditCodeCheckChar } from '../../src/common/credit-code';
import type { County } from '../../src/counties/county.entity';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { fillRows, type SheetRow } from '../support/testing-sheets';
import { makeCounty, makeUser, TEST_PASSWORD } from '../support/factories';
import { describeInBrowser, Journey, logInWithKeyboard, menu, startApp, tinyPng, type RunningApp } from './support/browser';

/**
 * Journey 1: a county operator of a county with nothing listed yet adds a product with a photo,
 * imports 20 more from the Excel template, and the organiser's approvals bring the county's
 * readiness board to its minimum of 20 published products.
 */

const COUNTY = { code: '341399', name: '演示新县' };

/** A farmers' cooperative's credit code in the county, with a correct check character. */
const supplierCode = (n: number) => {
  const body = `93${COUNTY.code}MA${String(7000 + n).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
};

/** 20 products as a county clerk would type them into the template. */
const IMPORTED: SheetRow[] = [
  ['小米', '粮油米面', '2.5kg/袋', '袋', 45],
  ['石磨面粉', '粮油米面', '5kg/袋', '袋', 38],
  ['小磨香油', '调味品', '500ml/瓶', '瓶', 32],
  ['土鸡蛋', '肉禽蛋奶', '30枚/盒', '盒', 48],
  ['黑山羊肉', '肉禽蛋奶', '2kg/盒', '盒', 168],
  ['散养土鸡', '肉禽蛋奶', '约1.5kg/只', '只', 98],
  ['黄桃', '蔬菜水果', '5kg/箱', '箱', 55],
  ['红薯', '蔬菜水果', '5kg/箱', '箱', 30],
  ['山药', '蔬菜水果', '5kg/箱', '箱', 60],
  ['红薯粉丝', '粮油米面', '1kg/袋', '袋', 25],
  ['菊花茶', '茶叶饮品', '100g/罐', '盒', 58],
  ['槐花蜂蜜', '休闲食品', '500g/瓶', '瓶', 68],
  ['黄桃罐头', '休闲食品', '425g×6罐/箱', '箱', 72],
  ['红薯干', '休闲食品', '500g/袋', '袋', 22],
  ['花生', '粮油米面', '2.5kg/袋', '袋', 40],
  ['芝麻', '粮油米面', '1kg/袋', '袋', 36],
  ['辣椒酱', '调味品', '280g×2瓶/盒', '盒', 28],
  ['米醋', '调味品', '500ml×2瓶/盒', '盒', 24],
  ['柳编果篮', '手工艺品', '中号/件', '件', 45],
  ['草编收纳筐', '手工艺品', '3只/套', '套', 66],
].map(([name, category, spec, unit, price], i) => ({
  code: `XX-${String(i + 1).padStart(3, '0')}`,
  name: `${COUNTY.name}${name}`,
  category,
  spec,
  unit,
  price,
  capacity: 2000 + i * 100,
  minOrder: 10,
  supplierName: `${COUNTY.name}演示${i % 2 ? '农业' : '食品'}专业合作社`,
  supplierCreditCode: supplierCode(i + 1),
  certificateNo: null,
  origin: `${COUNTY.name}演示镇`,
  povertyHouseholds: 20 + i,
  description: '演示数据：产地直供，展销会现场可看样品。',
}));

describeInBrowser('journey 1 (browser, 375 px): a county gets its products listed and reaches the minimum', () => {
  let app: RunningApp;
  let journey: Journey;
  let county: County;
  let clerk: Page;
  let organiser: Page;
  let clerkName: string;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-1-county', app);
    // A county new to the fair: minimum 20, nothing listed yet, one operator account.
    county = await makeCounty(app.t.db, { ...COUNTY, minimumProducts: 20 });
    clerkName = (await makeUser(app.t.db, 'county', { countyId: county.id, username: 'county-341399', displayName: '演示新县扶贫开发局' }))
      .username;
    clerk = await journey.open('县区操作员');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('logs in with the keyboard and sees an empty readiness board', async () => {
    await clerk.goto('/login');
    await journey.step(clerk, 'login');
    await logInWithKeyboard(journey, clerk, clerkName, TEST_PASSWORD, '/county');
    await expect(text(clerk, '.readiness-label')).resolves.toContain('0 / 20 · 还差 20 个');
  });

  it('adds a product with a photo through the form and submits it for review', async () => {
    await clerk.getByRole('link', { name: '新增产品' }).click();
    await clerk.waitForURL('**/county/products/new');
    await journey.step(clerk, 'new-product-form');

    await clerk.getByLabel('产品编号').fill('XX-100');
    await clerk.getByLabel('产品名称').fill(`${COUNTY.name}酥梨（演示）`);
    await clerk.getByLabel('产品类别').selectOption('蔬菜水果');
    await clerk.getByRole('textbox', { name: '规格', exact: true }).fill('5kg/箱');
    await clerk.getByLabel('计量单位').selectOption('箱');
    await clerk.getByLabel('参考单价（元）').fill('52.50');
    await clerk.getByLabel('可供量').fill('3000');
    await clerk.getByLabel('起订量').fill('10');
    await clerk.getByRole('textbox', { name: '供货主体', exact: true }).fill(`${COUNTY.name}演示果业专业合作社`);
    await clerk.getByLabel('供货主体统一社会信用代码').fill(supplierCode(100));
    await clerk.getByLabel('产地（乡镇/村）').fill(`${COUNTY.name}演示镇`);
    await clerk.getByLabel('带贫户数').fill('40');
    await clerk.getByLabel('产品介绍').fill('演示数据：皮薄多汁，产地直发。');
    const photo = path.join(journey.tmp, '酥梨.png');
    fs.writeFileSync(photo, tinyPng());
    await clerk.getByLabel('上传图片').setInputFiles(photo);
    await journey.step(clerk, 'new-product-filled');

    await clerk.getByRole('button', { name: '保存' }).click();
    await clerk.waitForURL(/\/county\/products\/\d+$/);
    await expect(text(clerk, '.flash')).resolves.toContain(`已保存草稿“${COUNTY.name}酥梨（演示）”`);
    // The photo is shown (served by the app, really decoded by the browser).
    const img = clerk.locator('img.product-image');
    expect(await img.evaluate((el: any) => el.complete && el.naturalWidth)).toBe(96);
    await journey.step(clerk, 'product-saved');

    await clerk.getByRole('button', { name: '提交审核' }).click();
    await expect(text(clerk, '.flash')).resolves.toContain('已提交审核');
    await journey.step(clerk, 'product-submitted');
  });

  it('downloads the template, fills in 20 products, uploads it, checks the preview and confirms', async () => {
    await menu(clerk, '本县产品').click();
    await clerk.waitForURL('**/county');
    await journey.step(clerk, 'county-home');
    await clerk.getByRole('link', { name: 'Excel 批量导入' }).click();
    await clerk.waitForURL('**/county/import');
    await journey.step(clerk, 'import-page');

    const [download] = await Promise.all([
      clerk.waitForEvent('download'),
      clerk.getByRole('link', { name: '下载导入模板（.xlsx）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('产品导入模板.xlsx');
    const template = path.join(journey.tmp, download.suggestedFilename());
    await download.saveAs(template);

    // The clerk fills the template in Excel (here: exceljs) and saves it under a name of their own.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(template);
    fillRows(workbook, IMPORTED);
    const filled = path.join(journey.tmp, `${COUNTY.name}扶贫产品.xlsx`);
    await workbook.xlsx.writeFile(filled);

    // A first try with two rows left wrong: the preview lists them first, each message whole.
    const wrong = new ExcelJS.Workbook();
    await wrong.xlsx.readFile(template);
    fillRows(wrong, [
      ...IMPORTED.slice(0, 2),
      { ...IMPORTED[2], name: null },
      ...IMPORTED.slice(3, 6),
      { ...IMPORTED[6], price: '五十五' },
      ...IMPORTED.slice(7),
    ]);
    const wrongFile = path.join(journey.tmp, `${COUNTY.name}扶贫产品（初稿）.xlsx`);
    await wrong.xlsx.writeFile(wrongFile);
    await clerk.getByLabel('选择 Excel 文件').setInputFiles(wrongFile);
    await clerk.getByRole('button', { name: '上传并预览' }).click();
    await clerk.getByRole('heading', { name: '导入预览' }).waitFor();
    expect(await text(clerk, 'section.card')).toContain('共 20 行产品：有效 18 行，有问题 2 行');
    const firstRows = clerk.locator('table.import-rows tbody tr');
    await expect(text(clerk, 'table.import-rows tbody tr:nth-child(1)')).resolves.toContain('第 4 行 B 列（产品名称）：请填写产品名称');
    await expect(text(clerk, 'table.import-rows tbody tr:nth-child(2)')).resolves.toContain('第 8 行 F 列（参考单价（元））');
    expect(await firstRows.nth(2).textContent()).toContain('有效');
    await journey.step(clerk, 'import-preview-problems');
    await clerk.getByRole('link', { name: '重新上传' }).click();
    await clerk.waitForURL('**/county/import');
    await journey.step(clerk, 'import-page-again', { screenshot: false });

    await clerk.getByLabel('选择 Excel 文件').setInputFiles(filled);
    await clerk.getByRole('button', { name: '上传并预览' }).click();
    await clerk.getByRole('heading', { name: '导入预览' }).waitFor();
    const summary = await text(clerk, 'section.card');
    expect(summary).toContain('共 20 行产品：有效 20 行');
    expect(summary).toContain('新增 20 个，更新 0 个，未变 0 个');
    expect(await clerk.locator('tbody tr').count()).toBe(20);
    await journey.step(clerk, 'import-preview');

    await clerk.getByRole('button', { name: '确认导入' }).click();
    await clerk.waitForURL('**/county');
    await expect(text(clerk, '.flash')).resolves.toContain('导入完成：新增 20 个，更新 0 个，未变 0 个');
    await expect(text(clerk, 'main')).resolves.toContain('另有 21 个产品待组织方审核');
    await expect(text(clerk, '.readiness-label')).resolves.toContain('0 / 20');
    await journey.step(clerk, 'imported');
  });

  it('the organiser approves one product on its page, then the other 20 at once', async () => {
    organiser = await journey.open('组织方');
    await organiser.goto('/login');
    await journey.step(organiser, 'organiser-login');
    await logInWithKeyboard(journey, organiser, 'organiser', DEMO_PASSWORD, '/admin');
    await menu(organiser, '产品审核').click();
    await organiser.waitForURL('**/admin/products');
    await expect(text(organiser, 'section h2')).resolves.toContain('待审核 21 个');
    await journey.step(organiser, 'review-queue');

    // One listing is looked at and approved on its own page…
    const first = organiser.locator('section').first().locator('tbody a').first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await organiser.waitForURL(/\/admin\/products\/\d+$/);
    await journey.step(organiser, 'review-product');
    await organiser.getByRole('button', { name: '审核通过并发布' }).click();
    await organiser.waitForURL('**/admin/products');
    await expect(text(organiser, '.flash')).resolves.toContain(`已通过“${name}”，现已公开发布。`);
    await journey.step(organiser, 'review-queue-after-one', { screenshot: false });

    // …and the other 20 at once: "select all on this page" is a link (no script), then one button.
    await organiser.getByRole('link', { name: '全选本页' }).click();
    await organiser.waitForURL(/\/admin\/products\?select=all/);
    expect(await organiser.locator('input[name="ids"]:checked').count()).toBe(20);
    await journey.step(organiser, 'review-queue-selected');
    await organiser.getByRole('button', { name: '批量通过' }).click();
    await organiser.waitForURL('**/admin/products');
    await expect(text(organiser, '.flash')).resolves.toContain('已通过 20 项，现已公开发布。');
    await journey.step(organiser, 'review-queue-after');
    await expect(text(organiser, 'section')).resolves.toContain('没有待审核的产品。');
  });

  it('the county’s readiness board reaches the minimum', async () => {
    await clerk.reload();
    await journey.step(clerk, 'ready');
    await expect(text(clerk, '.readiness-label')).resolves.toContain('21 / 20 ✓ 已达标');
    expect(await clerk.locator('.readiness').getAttribute('class')).toContain('is-ready');
    expect(await clerk.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('21');

    // And the product with its photo is in the public catalogue.
    await clerk.getByRole('link', { name: `${COUNTY.name}酥梨（演示）` }).click();
    await clerk.waitForURL(/\/county\/products\/\d+$/);
    await journey.step(clerk, 'product-published');
    await expect(text(clerk, 'h1')).resolves.toContain('已发布');
  });

  it('every page visited passes the 375 px checks (no sideways scrolling, labelled fields, no errors)', () => {
    journey.assertEveryPageFine();
  });
});

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
