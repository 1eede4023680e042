import * as fs from 'node:fs';
import type { Page } from 'playwright-core';
import { creditCodeCheckChar } from '../../src/common/credit-code';
import { fenToChineseCapitals, formatFen } from '../../src/common/money';
import { describeInBrowser, expectFocus, fenFrom, Journey, menu, startApp, tabTo, type RunningApp } from './support/browser';

/**
 * Journey 2: a hospital registers on its phone, searches 酥梨, puts products of two counties on
 * its intent list, submits it with the keyboard only, changes a quantity and prints the receipt.
 */

const UNIT = '宿州市演示第二人民医院';
const CREDIT_BODY = '12341302MB1D20577'; // 12 = 事业单位, 341302 = 埇桥区
const CREDIT_CODE = CREDIT_BODY + creditCodeCheckChar(CREDIT_BODY);
const PEAR = '砀山酥梨（金盖酥）'; // demo data: 砀山县, ¥58.00 a 箱, minimum order 10

describeInBrowser('journey 2 (browser, 375 px): a hospital registers, gathers an intent list and submits it', () => {
  let app: RunningApp;
  let journey: Journey;
  let buyer: Page;
  /** The 萧县 product chosen on the catalogue, with what its page says. */
  const other = { name: '', priceFen: 0, quantity: 0 };
  let referenceNo = '';

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-2-buyer', app);
    buyer = await journey.open('医院采购员');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('registers the hospital', async () => {
    await buyer.goto('/');
    await journey.step(buyer, 'home');
    await buyer.locator('.account').getByRole('link', { name: '登录' }).click();
    await buyer.waitForURL('**/login');
    await journey.step(buyer, 'login');
    await buyer.getByRole('link', { name: '采购单位注册' }).click();
    await buyer.waitForURL('**/register');
    await journey.step(buyer, 'register-form');

    await buyer.getByRole('textbox', { name: '单位名称' }).fill(UNIT);
    await buyer.getByRole('combobox', { name: '单位类型' }).selectOption('医院');
    await buyer.getByRole('textbox', { name: '统一社会信用代码' }).fill(CREDIT_CODE);
    await buyer.getByRole('textbox', { name: '单位地址' }).fill('宿州市埇桥区演示路88号');
    await buyer.getByRole('textbox', { name: '联系人' }).fill('李主任');
    await buyer.getByRole('textbox', { name: '手机号码' }).fill('13905571234');
    await buyer.getByRole('textbox', { name: '用户名' }).fill('hospital-2');
    await buyer.getByLabel(/^密码/).fill('fupin-2020-yiyuan');
    await buyer.getByLabel('确认密码').fill('fupin-2020-yiyuan');
    await journey.step(buyer, 'register-filled');
    await buyer.getByRole('button', { name: '注册并登录' }).click();
    await buyer.waitForURL('**/my/intents');
    await expect(text(buyer, '.flash')).resolves.toContain(`注册成功，欢迎${UNIT}！`);
    await expect(text(buyer, '.account')).resolves.toContain('采购单位');
    await journey.step(buyer, 'registered');
  });

  it('searches 酥梨 and adds a 砀山县 pear from the result list', async () => {
    await menu(buyer, '首页').click();
    await buyer.waitForURL((u) => u.pathname === '/');
    await journey.step(buyer, 'home-signed-in');
    await buyer.getByRole('searchbox', { name: '搜索产品' }).fill('酥梨');
    await buyer.getByRole('button', { name: '搜索' }).click();
    await buyer.waitForURL('**/products?q=*');
    await expect(text(buyer, 'h1')).resolves.toContain('搜索“酥梨”');
    await journey.step(buyer, 'search-results');

    const card = buyer.locator('li.product-card', { has: buyer.getByText(PEAR, { exact: true }) });
    await card.getByRole('button', { name: /加入意向清单/ }).click();
    await expect(text(buyer, '.flash')).resolves.toContain(`已加入意向清单：${PEAR} 10 箱`);
    // Still on the same result list, not thrown to another page.
    expect(new URL(buyer.url()).searchParams.get('q')).toBe('酥梨');
    await journey.step(buyer, 'added-from-list');
  });

  it('filters the catalogue by 萧县 and adds a product from its page with a quantity of its own', async () => {
    await buyer.getByRole('searchbox', { name: '关键词' }).fill('');
    await buyer.getByRole('combobox', { name: '县区' }).selectOption({ label: '萧县' });
    await buyer.getByRole('button', { name: '筛选' }).click();
    await buyer.waitForURL((u) => u.searchParams.get('county') === '341322');
    await journey.step(buyer, 'xiaoxian-products');

    const first = buyer.locator('li.product-card a').first();
    other.name = ((await first.locator('.product-name').textContent()) ?? '').trim();
    await first.click();
    await buyer.waitForURL(/\/products\/\d+$/);
    const productPath = new URL(buyer.url()).pathname;
    await journey.step(buyer, 'product-page');

    other.priceFen = fenFrom(await text(buyer, '.product-price'));
    const quantity = buyer.getByRole('textbox', { name: /采购数量/ });
    const minimum = Number(await quantity.inputValue());
    expect(await text(buyer, '#add-quantity-hint')).toMatch(new RegExp(`^起订量 ${minimum} \\S+$`));
    other.quantity = minimum * 3;
    await quantity.fill(String(other.quantity));
    await buyer.getByRole('button', { name: '加入意向清单' }).click();
    await expect(text(buyer, '.flash')).resolves.toContain(`已加入意向清单：${other.name} ${other.quantity}`);
    expect(new URL(buyer.url()).pathname).toBe(productPath);
    await journey.step(buyer, 'added-from-product');
  });

  it('submits the list with the keyboard only', async () => {
    await menu(buyer, '意向清单').click();
    await buyer.waitForURL('**/intent-list');
    const rows = buyer.locator('table.intent-lines tbody tr');
    expect(await rows.count()).toBe(2);
    await expect(text(buyer, 'table.intent-lines tbody')).resolves.toMatch(/砀山县[\s\S]*萧县/);
    await journey.step(buyer, 'intent-list');
    await buyer.getByRole('link', { name: '去提交' }).click();
    await buyer.waitForURL('**/intent-list/submit');
    await journey.step(buyer, 'submit-form');

    // Tab, type, Enter: no mouse, no touch. (期望交货日期 is optional and left empty: the order of a
    // date field's parts follows the browser's own language, which differs between machines.)
    await tabTo(buyer, '#contactName');
    expect(await buyer.locator('#contactName').inputValue()).toBe('李主任'); // from the registration
    await buyer.keyboard.press('Tab');
    await expectFocus(buyer, '#contactPhone');
    await buyer.keyboard.press('Tab');
    await expectFocus(buyer, '#note');
    await buyer.keyboard.type('请送至医院食堂，到货前联系后勤科。');
    await buyer.keyboard.press('Tab');
    await expectFocus(buyer, 'button[type=submit]');
    await Promise.all([buyer.waitForURL(/\/my\/intents\/\d+$/), buyer.keyboard.press('Enter')]);

    const flash = await text(buyer, '.flash');
    expect(flash).toMatch(/采购意向已提交，编号 YX-\d{8}-\d{4}。/);
    referenceNo = /YX-\d{8}-\d{4}/.exec(flash)![0];
    await expect(text(buyer, 'h1')).resolves.toContain(referenceNo);
    await journey.step(buyer, 'submitted');
  });

  it('changes a quantity on the intent page (a wrong one first: its message is tied to the field)', async () => {
    const quantity = buyer.getByRole('textbox', { name: `${PEAR}数量` });
    await quantity.fill('十五');
    await buyer.getByRole('button', { name: '保存修改' }).click();
    await buyer.locator('.field-error').first().waitFor();
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await quantity.getAttribute('aria-describedby')) ?? '';
    const message = await buyer.evaluate(`document.getElementById(${JSON.stringify(describedBy)})?.textContent ?? ''`);
    expect(message).toMatch(/数量/);
    await journey.step(buyer, 'quantity-refused');
    await quantity.fill('15');
    await buyer.getByRole('button', { name: '保存修改' }).click();
    await expect(text(buyer, '.flash')).resolves.toContain('意向已修改');
    const totalFen = 15 * 5800 + other.quantity * other.priceFen;
    await expect(text(buyer, 'tfoot')).resolves.toContain(formatFen(totalFen));
    await expect(text(buyer, 'article')).resolves.toContain(`合计金额（大写）：${fenToChineseCapitals(totalFen)}`);
    await journey.step(buyer, 'quantity-changed');
  });

  it('opens the receipt and prints it (PDF, A4)', async () => {
    await buyer.getByRole('link', { name: '打印回执' }).click();
    await buyer.waitForURL(/\/my\/intents\/\d+\/receipt$/);
    await journey.step(buyer, 'receipt');
    const totalFen = 15 * 5800 + other.quantity * other.priceFen;
    const receipt = await text(buyer, 'article.receipt');
    expect(receipt).toContain('采购意向登记回执');
    expect(await cellAfter(buyer, '意向编号')).toBe(referenceNo);
    expect(await cellAfter(buyer, '合计（大写）')).toBe(fenToChineseCapitals(totalFen));
    expect(receipt).toContain(UNIT);
    expect(receipt).toContain(CREDIT_CODE);

    // As printed: without the 返回 button, then Chromium's own print to PDF.
    await buyer.emulateMedia({ media: 'print' });
    expect(await buyer.getByRole('link', { name: '返回' }).isVisible()).toBe(false);
    await buyer.screenshot({ path: journey.artefact('receipt-print.png'), fullPage: true });
    const pdf = journey.artefact('receipt.pdf');
    await buyer.pdf({ path: pdf, format: 'A4', printBackground: true });
    await buyer.emulateMedia({ media: null });
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('every page visited passes the 375 px checks (no sideways scrolling, labelled fields, no errors)', () => {
    journey.assertEveryPageFine();
  });
});

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the cell after a heading cell (th) of the receipt. */
async function cellAfter(page: Page, heading: string): Promise<string> {
  const th = page.locator('article.receipt th', { hasText: new RegExp(`^${heading}$`) });
  return ((await th.locator('xpath=following-sibling::td[1]').textContent()) ?? '').trim();
}
