import type { Page } from 'playwright-core';
import { fenToChineseCapitals } from '../../src/common/money';
import type { Intent } from '../../src/intents/intent.entity';
import { makeBuyerUnit, makeCounty, makeIntent, makeProduct, makeUser, TEST_PASSWORD } from '../support/factories';
import { pageTexts, renderPngs, squeeze } from '../support/print';
import { DESKTOP, describeInBrowser, Journey, startApp, type RunningApp } from './support/browser';

/**
 * The 购销意向书 page printed by Chromium to an A4 PDF, read back with pdftotext: every line
 * and the total are printed, and no signature band (heading, seal space, 代表签字, 日期) is
 * split across pages. Twelve suppliers make thirteen parties, seven bands: more than one page.
 */

const COUNTIES = [
  ['341302', '埇桥区'],
  ['341321', '砀山县'],
  ['341322', '萧县'],
  ['341323', '灵璧县'],
  ['341324', '泗县'],
] as const;

describeInBrowser('the 购销意向书 page printed to PDF (Chromium, A4)', () => {
  let app: RunningApp;
  let journey: Journey;
  let buyer: Page;
  let intent: Intent;
  const products: { name: string; supplier: string }[] = [];
  let totalFen = 0;

  beforeAll(async () => {
    app = await startApp({ demo: false });
    const db = app.t.db;
    const counties = [];
    for (const [code, name] of COUNTIES) counties.push(await makeCounty(db, { code, name }));
    const lines = [];
    for (let i = 0; i < 12; i++) {
      const county = counties[i % counties.length];
      const supplier = `${county.name}演示供货主体${(i % 8) + 1}号`;
      const product = await makeProduct(db, county, { name: `演示产品${i + 1}号`, supplierName: supplier, priceFen: 1000 + i * 137 });
      products.push({ name: product.name, supplier });
      lines.push({ product, quantity: 10 + i });
      totalFen += product.priceFen * (10 + i);
    }
    const unit = await makeBuyerUnit(db, { name: '宿州市演示实验中学', type: '学校' });
    intent = await makeIntent(db, unit, lines, { desiredDeliveryDate: '2020-10-20' });
    const user = await makeUser(db, 'buyer', { buyerUnitId: unit.id });
    journey = new Journey('intent-letter', app);
    buyer = await journey.open('采购单位', DESKTOP);
    await buyer.goto('/login');
    await journey.step(buyer, 'login');
    await buyer.getByLabel('用户名').fill(user.username);
    await buyer.getByLabel(/^密码/).fill(TEST_PASSWORD);
    await Promise.all([buyer.waitForURL((u) => u.pathname !== '/login'), buyer.getByRole('button', { name: '登录' }).click()]);
    await journey.step(buyer, 'signed-in');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('opens the letter from the intent page and prints it with every line, the total and whole signature bands', async () => {
    await buyer.goto(`/my/intents/${intent.id}`);
    await journey.step(buyer, 'intent');
    await buyer.getByRole('link', { name: '打印购销意向书' }).click();
    await buyer.waitForURL(`**/my/intents/${intent.id}/letter`);
    await journey.step(buyer, 'letter');

    await buyer.emulateMedia({ media: 'print' });
    const pdf = journey.artefact('letter.pdf');
    // preferCSSPageSize: the letter's own @page (A4 and its margins), as the browser's print dialog uses it.
    await buyer.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await buyer.emulateMedia({ media: null });
    renderPngs(pdf, 'intent-letter');

    const pages = pageTexts(pdf, 'raw');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = squeeze(pages.join('\n'));
    expect(all).toContain('购销意向书');
    for (const p of products) {
      expect(all).toContain(squeeze(p.name));
      expect(all).toContain(squeeze(p.supplier));
    }
    expect(all).toContain(squeeze(fenToChineseCapitals(totalFen)));

    // Per page: as many band headings as 代表签字 and 日期 lines, so no band starts on one page and ends on the next.
    const count = (text: string, re: RegExp) => (squeeze(text).match(re) ?? []).length;
    const perPage = pages.map((p) => ({
      headings: count(p, /（盖章）：/g),
      signatures: count(p, /代表签字：/g),
      dates: count(p, /日期：年月日/g),
    }));
    for (const p of perPage) expect([p.signatures, p.dates]).toEqual([p.headings, p.headings]);
    expect(perPage.reduce((s, p) => s + p.headings, 0)).toBe(1 + new Set(products.map((p) => p.supplier)).size);
    // The bands do not all fit on the last page: the check above saw a page break among them.
    expect(perPage.filter((p) => p.headings > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('every page visited passes the checks (labelled fields, no script errors)', () => {
    journey.assertEveryPageFine();
  });
});
