import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { SummaryFile } from '../../src/summaries/summary-file.entity';
import { readZip } from '../support/summary-files';
import { DESKTOP, describeInBrowser, Journey, logInWithKeyboard, menu, startApp, tinyPng, type RunningApp } from './support/browser';

/**
 * Journey: 总结材料. The organiser (at a desk) gives the counties until the end of the year; 砀山县's
 * clerk (on a 375 px phone) uploads its stamped summary and two activity photos, replaces one,
 * prints its figures; the organiser's board shows 砀山县 as 已提交 and the zip holds its files.
 */
const SUMMARY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeInBrowser('journey (browser): a county uploads its summary, the organiser sees it on the board', () => {
  let app: RunningApp;
  let journey: Journey;
  let clerk: Page;
  let organiser: Page;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-summary', app);
    organiser = await journey.open('组织方', DESKTOP);
    clerk = await journey.open('砀山县操作员');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('the organiser sets the due date on the board (desktop)', async () => {
    await organiser.goto('/login');
    await journey.step(organiser, 'organiser-login', { screenshot: false });
    await logInWithKeyboard(journey, organiser, 'organiser', DEMO_PASSWORD, '/admin');
    await menu(organiser, '总结材料').click();
    await organiser.waitForURL('**/admin/summaries');
    await journey.step(organiser, 'board-empty');
    await organiser.getByLabel('截止日期').fill('2099-12-31');
    await Promise.all([organiser.waitForURL('**/admin/summaries?fair=*'), organiser.getByRole('button', { name: '修改截止日期' }).click()]);
    await journey.step(organiser, 'due-date-set');
    await expectText(organiser, 'main', '2099年12月31日');
  });

  it('the county uploads its summary and photos on a phone, and replaces one', async () => {
    await clerk.goto('/login');
    await journey.step(clerk, 'county-login', { screenshot: false });
    await logInWithKeyboard(journey, clerk, 'county-341321', DEMO_PASSWORD, '/county');
    await menu(clerk, '总结材料').click();
    await clerk.waitForURL('**/county/summary');
    await journey.step(clerk, 'summary-page');

    const summary = path.join(journey.tmp, '砀山县消费扶贫展销会工作总结（盖章）.pdf');
    fs.writeFileSync(summary, SUMMARY_PDF);
    await clerk.getByLabel('文件类别').selectOption('document');
    await clerk.getByLabel('选择文件').setInputFiles(summary);
    await Promise.all([clerk.waitForURL('**/county/summary'), clerk.getByRole('button', { name: '上传', exact: true }).click()]);
    await journey.step(clerk, 'summary-uploaded');

    const photos = ['展位现场.png', '签约仪式.png'].map((name, i) => {
      const file = path.join(journey.tmp, name);
      fs.writeFileSync(file, tinyPng(160, 120, i ? [0xc0, 0x60, 0x30] : [0x30, 0x80, 0xc0]));
      return file;
    });
    await clerk.getByLabel('文件类别').selectOption('photo');
    await clerk.getByLabel('选择文件').setInputFiles(photos);
    await Promise.all([clerk.waitForURL('**/county/summary'), clerk.getByRole('button', { name: '上传', exact: true }).click()]);
    await journey.step(clerk, 'photos-uploaded');
    await expectText(clerk, 'main', '已上传 2 个文件');

    const replacement = path.join(journey.tmp, '签约仪式（更清晰）.png');
    fs.writeFileSync(replacement, tinyPng(320, 240, [0xc0, 0x60, 0x30]));
    const files = await app.t.db.getRepository(SummaryFile).find({ order: { id: 'ASC' } });
    await clerk.goto('/county/summary');
    await journey.step(clerk, 'before-replace', { screenshot: false });
    await clerk.locator(`#f-replace-${files[2].id}`).setInputFiles(replacement);
    await Promise.all([
      clerk.waitForURL('**/county/summary'),
      clerk.locator(`form[action^="/county/summary/files/${files[2].id}/replace"] button`).click(),
    ]);
    await journey.step(clerk, 'photo-replaced');
    await expectText(clerk, 'main', '签约仪式（更清晰）.png');
  });

  it('the county opens its figures to print', async () => {
    await clerk.getByRole('link', { name: '本县参展数据（打印 / Excel）' }).click();
    await clerk.waitForURL('**/county/summary/figures');
    await journey.step(clerk, 'figures');
    await clerk.emulateMedia({ media: 'print' });
    await clerk.pdf({ path: journey.artefact('figures.pdf'), format: 'A4' }).catch(() => undefined);
    await clerk.emulateMedia({ media: 'screen' });
    await expectText(clerk, 'main', '意向金额');
  });

  it('the organiser sees 砀山县 as 已提交 and downloads everything as one zip', async () => {
    await organiser.goto('/admin/summaries');
    await journey.step(organiser, 'board-submitted');
    const row = organiser.locator('tr', { hasText: '砀山县' });
    await expectText(row, ':scope', '已提交');
    const [download] = await Promise.all([
      organiser.waitForEvent('download'),
      organiser.getByRole('link', { name: '全部下载（zip）' }).click(),
    ]);
    const file = path.join(journey.tmp, download.suggestedFilename());
    await download.saveAs(file);
    const names = (await readZip(fs.readFileSync(file))).map((e) => e.name).sort();
    expect(names).toEqual(
      ['砀山县/展位现场.png', '砀山县/砀山县消费扶贫展销会工作总结（盖章）.pdf', '砀山县/签约仪式（更清晰）.png'].sort(),
    );
    journey.assertEveryPageFine();
  });
});

async function expectText(scope: Page | import('playwright-core').Locator, selector: string, text: string): Promise<void> {
  const content = await scope.locator(selector).first().innerText();
  expect(content).toContain(text);
}
