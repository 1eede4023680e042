import type { Page } from 'playwright-core';
import { isoDateCst } from '../../src/common/dates';
import { fenToChineseCapitals } from '../../src/common/money';
import { DonationReceipt } from '../../src/donations/donation-receipt.entity';
import type { Pledge } from '../../src/donations/pledge.entity';
import { makePledge, makeProject } from '../support/donation-factories';
import { makeCounty, makeUser, TEST_PASSWORD } from '../support/factories';
import { pageTexts, renderPngs, squeeze } from '../support/print';
import { DESKTOP, describeInBrowser, Journey, menu, startApp, type RunningApp } from './support/browser';

/**
 * The county office on a phone: records money received against an anonymous donor's pledge,
 * prints the 捐赠票据 to an A4 PDF (one page: number, the donor's real name, amount in figures
 * and capitals), voids it with a reason and prints it again stamped 已作废; the organiser, at a
 * desk, records money to the city fund without a pledge. Every page passes the 375 px checks.
 */
describeInBrowser('捐赠到账与票据 (Chromium)', () => {
  let app: RunningApp;
  let journey: Journey;
  let pledge: Pledge;
  let countyUser: string;
  let organiserUser: string;

  beforeAll(async () => {
    app = await startApp({ demo: false });
    const db = app.t.db;
    const county = await makeCounty(db, { code: '341321', name: '砀山县' });
    const project = await makeProject(db, county, { title: '良梨镇酥梨冷链仓储项目', township: '良梨镇' });
    pledge = await makePledge(db, project, { donorName: '王演示', anonymous: true, amountFen: 1_000_000 });
    await makePledge(db, null, { countyId: county.id, donorName: '砀山县演示商会', donorKind: 'organisation', amountFen: 5_000_000 });
    countyUser = (await makeUser(db, 'county', { countyId: county.id, displayName: '砀山县扶贫开发局' })).username;
    organiserUser = (await makeUser(db, 'organiser')).username;
    journey = new Journey('donation-receipts', app);
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  async function logIn(page: Page, username: string) {
    await page.goto('/login');
    await journey.step(page, `login-${username}`, { screenshot: false });
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel(/^密码/).fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.getByRole('button', { name: '登录' }).click()]);
    await journey.step(page, `signed-in-${username}`, { screenshot: false });
  }

  async function printToPdf(page: Page, name: string): Promise<string[]> {
    await page.emulateMedia({ media: 'print' });
    const pdf = journey.artefact(`${name}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: null });
    renderPngs(pdf, name, 72);
    return pageTexts(pdf, 'raw');
  }

  it('a county office records a receipt on a phone, prints it, voids it and prints it stamped 已作废', async () => {
    const page = await journey.open('县区');
    await logIn(page, countyUser);
    await menu(page, '捐赠到账').click();
    await page.waitForURL('**/county/donations');
    await journey.step(page, 'office-page');

    await page.locator(`#pledge-${pledge.id}`).getByRole('link', { name: '登记到账' }).click();
    await page.waitForURL(`**/county/donations/receipts/new?pledge=${pledge.id}`);
    await journey.step(page, 'record-form');
    await page.getByLabel(/到账金额/).fill('0');
    await page.getByRole('button', { name: '登记到账并开具票据' }).click();
    await journey.step(page, 'record-refused');
    await page.getByLabel(/到账金额/).fill('12,345.60');
    await page.getByLabel(/到账日期/).fill(isoDateCst());
    await page.getByLabel(/银行流水号/).fill('ICBC20201017001');
    await Promise.all([
      page.waitForURL(/\/county\/donations\/receipts\/\d+$/),
      page.getByRole('button', { name: '登记到账并开具票据' }).click(),
    ]);
    await journey.step(page, 'receipt');
    const receipt = await app.t.db.getRepository(DonationReceipt).findOneByOrFail({ pledgeId: pledge.id });

    await page.getByRole('link', { name: '打印捐赠票据' }).click();
    await page.waitForURL(`**/receipts/${receipt.id}/print`);
    await journey.step(page, 'print');
    const printed = await printToPdf(page, 'donation-receipt');
    expect(printed).toHaveLength(1);
    const text = squeeze(printed[0]);
    for (const part of [
      receipt.receiptNo,
      '王演示',
      '¥12,345.60',
      fenToChineseCapitals(1_234_560),
      '良梨镇酥梨冷链仓储项目',
      'ICBC20201017001',
      '砀山县扶贫开发局',
    ]) {
      expect(text).toContain(squeeze(part));
    }
    expect(text).not.toContain('已作废');

    await page.goto(`/county/donations/receipts/${receipt.id}`);
    await journey.step(page, 'receipt-again', { screenshot: false });
    await page.getByLabel(/作废原因/).fill('金额登记错误，应为 12,345.00 元');
    await page.getByRole('button', { name: '作废…' }).click();
    await journey.step(page, 'void-confirm');
    await Promise.all([page.waitForURL(`**/receipts/${receipt.id}`), page.getByRole('button', { name: '确认作废' }).click()]);
    await journey.step(page, 'voided');
    await page.goto(`/county/donations/receipts/${receipt.id}/print`);
    await journey.step(page, 'print-voided');
    const voided = await printToPdf(page, 'donation-receipt-voided');
    expect(voided).toHaveLength(1);
    expect(squeeze(voided[0])).toContain('已作废');
    expect(squeeze(voided[0])).toContain(receipt.receiptNo);
    await page.goto('/county/donations');
    await journey.step(page, 'office-page-after');
  }, 300_000);

  it('the organiser records money to the city fund without a pledge, at a desk', async () => {
    const page = await journey.open('组织方', DESKTOP);
    await logIn(page, organiserUser);
    await page.goto('/admin/donations/receipts');
    await journey.step(page, 'city-office');
    await page.getByRole('link', { name: '登记无认捐的捐款' }).click();
    await journey.step(page, 'city-form');
    await page.getByLabel(/捐赠人类型/).selectOption({ label: '社会组织/企业' });
    await page.getByRole('textbox', { name: '捐赠人' }).fill('宿州市演示建设集团有限公司');
    await page.getByLabel(/捐款用途/).selectOption({ label: '市级捐赠资金（不定向）' });
    await page.getByLabel(/到账金额/).fill('50000');
    await page.getByLabel(/到账日期/).fill(isoDateCst());
    await Promise.all([
      page.waitForURL(/\/admin\/donations\/receipts\/\d+$/),
      page.getByRole('button', { name: '登记到账并开具票据' }).click(),
    ]);
    await journey.step(page, 'city-receipt');
    expect(await page.locator('h1').innerText()).toMatch(/JZ-SZ-\d{4}-00001/);
  }, 180_000);

  it('every page visited passes the checks (375 px and 1280 px, labelled fields, axe)', () => {
    journey.assertEveryPageFine();
  });
});
