import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { yuanCellToFen } from '../../src/exports/cells';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { describeInBrowser, DESKTOP, fenFrom, Journey, logInWithKeyboard, menu, startApp, type RunningApp } from './support/browser';

/**
 * The organiser's 认领认捐 board on the demo campaign: found in the menu on a phone, read as
 * cards at 375 px and as tables at a desk, and its workbook downloaded from the board with
 * the same received total.
 */
describeInBrowser('the organiser’s 认领认捐 board (browser, 375 px and desktop)', () => {
  let app: RunningApp;
  let journey: Journey;
  let phone: Page;
  let desk: Page;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('organiser-donations', app);
    phone = await journey.open('组织方（手机）');
    desk = await journey.open('组织方（电脑）', DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('finds the board in the menu on a phone, with the demo’s overdue pledges and the project past its deadline', async () => {
    await phone.goto('/login');
    await journey.step(phone, 'login', { screenshot: false });
    await logInWithKeyboard(journey, phone, 'organiser', DEMO_PASSWORD, '/admin');
    await menu(phone, '认捐汇总').click();
    await phone.waitForURL('**/admin/donations');
    await expect(phone.locator('#board-counties tbody tr').count()).resolves.toBe(6); // five counties and the city fund
    await expect(phone.locator('#board-overdue tbody tr').count()).resolves.toBe(2);
    await expect(phone.locator('#board-past-deadline tbody th').allTextContents()).resolves.toEqual(['留守儿童图书角（演示）']);
    await journey.step(phone, 'board');
  });

  it('shows the tables at a desk and downloads the workbook with the same received total', async () => {
    await desk.goto('/login');
    await journey.step(desk, 'login-desktop', { screenshot: false });
    await logInWithKeyboard(journey, desk, 'organiser', DEMO_PASSWORD, '/admin');
    await desk.goto('/admin/donations');
    await journey.step(desk, 'board-desktop');
    const received = fenFrom((await desk.locator('#board-counties tfoot td[data-label="到账"]').textContent())!);
    expect(received).toBeGreaterThan(0);
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: /下载认领认捐汇总表/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^认领认捐汇总表-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const summary = wb.getWorksheet('汇总')!;
    let total: unknown[] = [];
    summary.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[0] === '合计') total = values;
    });
    expect(yuanCellToFen(total[6])).toBe(received);
    journey.assertEveryPageFine();
  });
});
