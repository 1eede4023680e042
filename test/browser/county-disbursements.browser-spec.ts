import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { County } from '../../src/counties/county.entity';
import type { DonationProject } from '../../src/donations/donation-project.entity';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { makeProject, makeReceipt } from '../support/donation-factories';
import { DESKTOP, describeInBrowser, Journey, PHONE, logInWithKeyboard, startApp, type RunningApp } from './support/browser';

/**
 * Journey: 资金使用. 砀山县's clerk (on a 375 px phone) opens a project that has received
 * ¥30,000.00, records a payment with its voucher scan, tries one above the balance (refused,
 * what was typed kept), and the organiser (at a desk) reads the page without a form.
 */
const VOUCHER_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeInBrowser('journey (browser): a county records how a project’s donations were used', () => {
  let app: RunningApp;
  let journey: Journey;
  let clerk: Page;
  let organiser: Page;
  let project: DonationProject;

  beforeAll(async () => {
    app = await startApp();
    const county = await app.t.db.getRepository(County).findOneByOrFail({ code: '341321' });
    project = await makeProject(app.t.db, county, { title: '良梨镇酥梨产业园滴灌改造（演示）', township: '良梨镇', village: '演示村' });
    await makeReceipt(app.t.db, project, county, { amountFen: 2_000_000 });
    await makeReceipt(app.t.db, project, county, { amountFen: 1_000_000, anonymous: true });
    journey = new Journey('journey-disbursements', app);
    clerk = await journey.open('砀山县操作员');
    organiser = await journey.open('组织方', DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  const page = () => `/county/projects/${project.id}/disbursements`;

  /** The page as it is now, at the other width too (step() checks both widths, but pictures only one). */
  async function screenshotAt(p: Page, screen: { width: number; height: number }, name: string) {
    const size = p.viewportSize();
    await p.setViewportSize(screen);
    await p.screenshot({ path: journey.artefact(`${name}.png`), fullPage: true });
    if (size) await p.setViewportSize(size);
  }

  it('the county records a payment with its voucher on a phone', async () => {
    await clerk.goto('/login');
    await journey.step(clerk, 'county-login', { screenshot: false });
    await logInWithKeyboard(journey, clerk, 'county-341321', DEMO_PASSWORD, '/county');
    await clerk.goto(page());
    await journey.step(clerk, 'disbursements-empty');
    expect(await clerk.locator('main').innerText()).toContain('¥30,000.00');

    const voucher = path.join(journey.tmp, '转账回单（演示）.pdf');
    fs.writeFileSync(voucher, VOUCHER_PDF);
    await clerk.getByLabel('支付金额（元）').fill('12,500.50');
    await clerk.getByLabel('支付日期').fill('2020-11-02');
    await clerk.getByLabel('收款方').fill('砀山县良梨镇演示果业专业合作社');
    await clerk.getByLabel('用途').fill('购买滴灌管材 300 米及安装');
    await clerk.getByLabel('付款凭证（可选）').setInputFiles(voucher);
    await Promise.all([clerk.waitForURL(`**${page()}`), clerk.getByRole('button', { name: '登记', exact: true }).click()]);
    await journey.step(clerk, 'disbursement-recorded');
    const text = await clerk.locator('main').innerText();
    expect(text).toContain('转账回单（演示）.pdf');
    expect(text).toContain('¥17,499.50');
  });

  it('refuses a payment above the balance and keeps what was typed', async () => {
    await clerk.getByLabel('支付金额（元）').fill('20000');
    await clerk.getByLabel('支付日期').fill('2020-11-03');
    await clerk.getByLabel('收款方').fill('演示建材公司');
    await clerk.getByLabel('用途').fill('蓄水池');
    await clerk.getByRole('button', { name: '登记', exact: true }).click();
    await clerk.waitForLoadState('load');
    await journey.step(clerk, 'above-balance-refused');
    expect(await clerk.locator('main').innerText()).toContain('超过了该项目的余额 ¥17,499.50');
    expect(await clerk.getByLabel('收款方').inputValue()).toBe('演示建材公司');
    await screenshotAt(clerk, DESKTOP, 'above-balance-refused-desktop');
  });

  it('the organiser reads the page at a desk, without a form', async () => {
    await organiser.goto('/login');
    await journey.step(organiser, 'organiser-login', { screenshot: false });
    await logInWithKeyboard(journey, organiser, 'organiser', DEMO_PASSWORD, '/admin');
    await organiser.goto(page());
    await journey.step(organiser, 'organiser-reads');
    expect(await organiser.locator('main').innerText()).toContain('砀山县良梨镇演示果业专业合作社');
    expect(await organiser.getByLabel('支付金额（元）').count()).toBe(0);
    await screenshotAt(organiser, PHONE, 'organiser-reads-phone');
    journey.assertEveryPageFine();
  });
});
