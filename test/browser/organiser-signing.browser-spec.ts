import ExcelJS from 'exceljs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { formatFen } from '../../src/common/money';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { describeInBrowser, fenFrom, Journey, logInWithKeyboard, menu, startApp, type RunningApp } from './support/browser';

/**
 * Journey 3: on the demo fair, the organiser reads the dashboard, downloads 签约汇总表 and finds
 * the same totals in it, records the signing of a submitted intent, and the public 公示 page
 * (seen by anyone, not signed in) shows the new signed amount.
 */

describeInBrowser('journey 3 (browser, 375 px): the organiser exports, records a signing and the public page follows', () => {
  let app: RunningApp;
  let journey: Journey;
  let organiser: Page;
  let visitor: Page;
  const dashboard = { intendedFen: 0, signedFen: 0 };
  let publicSignedBefore = 0;
  let signedNowFen = 0;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-3-organiser', app);
    organiser = await journey.open('组织方');
    visitor = await journey.open('公众');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('reads the totals on the dashboard', async () => {
    await organiser.goto('/login');
    await journey.step(organiser, 'login');
    await logInWithKeyboard(journey, organiser, 'organiser', DEMO_PASSWORD, '/admin');
    await expect(text(organiser, 'h1')).resolves.toBe('工作台');
    dashboard.intendedFen = fenFrom(await stat(organiser, '意向金额'));
    dashboard.signedFen = fenFrom(await stat(organiser, '签约金额'));
    expect(dashboard.intendedFen).toBeGreaterThan(0);
  });

  it('downloads 签约汇总表 from the export page; its 汇总 totals are the dashboard’s', async () => {
    await menu(organiser, '导出').click();
    await organiser.waitForURL('**/admin/exports');
    await expect(text(organiser, 'section.card p')).resolves.toContain(`意向金额 ${formatFen(dashboard.intendedFen)}，与工作台的数字一致`);
    await journey.step(organiser, 'exports');

    const [download] = await Promise.all([
      organiser.waitForEvent('download'),
      organiser.getByRole('button', { name: '下载签约汇总表' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^签约汇总表-\d{8}\.xlsx$/);
    const file = path.join(journey.tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(await download.failure()).toBeNull();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(2).getCell(8).text).toBe('意向金额（元）');
    expect(summary.getRow(2).getCell(9).text).toBe('签约金额（元）');
    let total: ExcelJS.Row | undefined;
    summary.eachRow((row) => {
      if (row.getCell(1).value === '合计') total = row;
    });
    expect(total).toBeDefined();
    const fen = (cell: ExcelJS.Cell) => Math.round(Number(cell.value) * 100);
    expect(fen(total!.getCell(8))).toBe(dashboard.intendedFen);
    expect(fen(total!.getCell(9))).toBe(dashboard.signedFen);
  });

  it('the public page shows the signed amount before the signing', async () => {
    await visitor.goto('/gongshi');
    await journey.step(visitor, 'public-before');
    publicSignedBefore = fenFrom(await stat(visitor, '签约金额'));
    expect(publicSignedBefore).toBe(dashboard.signedFen);
  });

  it('records the signing of a submitted intent (签约与成交登记)', async () => {
    await menu(organiser, '采购意向').click();
    await organiser.waitForURL('**/admin/intents');
    await journey.step(organiser, 'intents');
    await organiser.getByRole('combobox', { name: '状态' }).selectOption({ label: '已提交' });
    await organiser.getByRole('button', { name: '筛选' }).click();
    await organiser.waitForURL((u) => u.searchParams.get('status') === 'submitted');
    await journey.step(organiser, 'intents-submitted');

    const link = organiser.locator('tbody a').first();
    const referenceNo = ((await link.textContent()) ?? '').trim();
    await link.click();
    await organiser.waitForURL(/\/admin\/intents\/\d+$/);
    await expect(text(organiser, 'h1')).resolves.toContain(referenceNo);
    await journey.step(organiser, 'intent');

    // The signing form starts at the intended quantities; at the stand one line was signed for one unit less.
    const section = organiser.locator('section', { has: organiser.getByRole('heading', { name: '签约与成交登记' }) });
    const rows = section.locator('form').first().locator('tbody tr');
    const lines = await rows.count();
    expect(lines).toBeGreaterThan(0);
    for (let i = 0; i < lines; i++) {
      const row = rows.nth(i);
      const priceFen = fenFrom((await row.locator('.hint').textContent()) ?? '');
      const field = row.getByRole('textbox', { name: /签约数量$/ });
      const intended = Number(await field.inputValue());
      const signed = i === 0 && intended > 1 ? intended - 1 : intended;
      if (signed !== intended) await field.fill(String(signed));
      signedNowFen += signed * priceFen;
    }
    expect(signedNowFen).toBeGreaterThan(0);
    await journey.step(organiser, 'signing-filled');
    await section.getByRole('button', { name: '登记签约' }).click();
    await expect(text(organiser, '.flash')).resolves.toContain(`意向 ${referenceNo} 的签约数量已登记`);
    await expect(text(organiser, 'h1')).resolves.toContain('已签约');
    await journey.step(organiser, 'signed');
  });

  it('the public page and the dashboard show the new signed amount', async () => {
    await visitor.reload();
    await journey.step(visitor, 'public-after');
    expect(fenFrom(await stat(visitor, '签约金额'))).toBe(publicSignedBefore + signedNowFen);

    await menu(organiser, '工作台').click();
    await organiser.waitForURL((u) => u.pathname === '/admin');
    await journey.step(organiser, 'dashboard-after');
    expect(fenFrom(await stat(organiser, '签约金额'))).toBe(dashboard.signedFen + signedNowFen);
  });

  it('every page visited passes the 375 px checks (no sideways scrolling, labelled fields, no errors)', () => {
    journey.assertEveryPageFine();
  });
});

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The figure of a stat tile whose label starts with `label` (dashboard: the value; 公示: the amount in the label). */
async function stat(page: Page, label: string): Promise<string> {
  const tile = page.locator('li.stat', { has: page.locator('.stat-label', { hasText: new RegExp(`^${label}`) }) }).first();
  const all = ((await tile.textContent()) ?? '').replace(/\s+/g, ' ');
  return /¥[\d,]+\.\d\d/.exec(all)?.[0] ?? all;
}
