import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { isoDateCst } from '../../src/common/dates';
import { DonationProject } from '../../src/donations/donation-project.entity';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { DESKTOP, describeInBrowser, Journey, logInWithKeyboard, menu, PHONE, startApp, tinyPng, type RunningApp } from './support/browser';

/**
 * Journey: 认领认捐 projects. 砀山县's clerk (on a 375 px phone) enters a project with a photo,
 * first with a slip (an amount with three decimals) that comes back beside the field with
 * everything typed, then submits it for review; the organiser (at a desk) finds it in the
 * queue and publishes it. The form and the queue are also photographed at the other width.
 */
describeInBrowser('journey (browser): a county submits a project, the organiser publishes it', () => {
  let app: RunningApp;
  let journey: Journey;
  let clerk: Page;
  let organiser: Page;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-projects', app);
    clerk = await journey.open('砀山县操作员');
    organiser = await journey.open('组织方', DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  /** The page as it is now, photographed at `width` too (then back to the person's own width). */
  async function alsoAt(page: Page, width: typeof PHONE, name: string): Promise<void> {
    const own = page.viewportSize()!;
    await page.setViewportSize(width);
    await page.screenshot({ path: journey.artefact(`${name}-${width.width}.png`), fullPage: true });
    await page.setViewportSize(own);
  }

  it('the county enters a project on a phone, corrects a slip and submits it for review', async () => {
    await clerk.goto('/login');
    await journey.step(clerk, 'county-login', { screenshot: false });
    await logInWithKeyboard(journey, clerk, 'county-341321', DEMO_PASSWORD, '/county');
    await menu(clerk, '认捐项目').click();
    await clerk.waitForURL('**/county/projects');
    await journey.step(clerk, 'projects-empty');
    await clerk.getByRole('link', { name: '新增项目' }).click();
    await clerk.waitForURL('**/county/projects/new');

    await clerk.getByLabel('项目名称').fill('良梨镇酥梨冷库建设');
    await clerk.getByLabel('项目类别').selectOption('industry');
    await clerk.getByLabel('所在乡镇').fill('良梨镇');
    await clerk.getByLabel('所在村').fill('良梨村');
    await clerk.getByLabel('所需金额（元）').fill('128000.505');
    await clerk.getByLabel('认领方式').selectOption('shares');
    await clerk.getByLabel('受益户数').fill('46');
    await clerk.getByLabel('受益人数').fill('152');
    await clerk.getByLabel('项目说明').fill('建设 500 吨冷库一座，延长酥梨销售期。收益用于带贫分红。（演示数据）');
    await clerk.getByLabel('联系单位').fill('砀山县扶贫开发领导小组办公室');
    await clerk.getByLabel('联系电话').fill('0557-8021234');
    await clerk.getByLabel('截止日期').fill(isoDateCst(new Date(Date.now() + 60 * 86_400_000)));
    const photo = path.join(journey.tmp, '冷库.png');
    fs.writeFileSync(photo, tinyPng(640, 480));
    await clerk.getByLabel('上传图片').setInputFiles(photo);
    await journey.step(clerk, 'form-filled');
    await alsoAt(clerk, DESKTOP, 'form');

    await clerk.getByRole('button', { name: '保存' }).click();
    await clerk.waitForLoadState('load');
    await journey.step(clerk, 'form-refused');
    expect(await clerk.locator('#amount-error').textContent()).toContain('所需金额应为大于 0 的金额');
    expect(await clerk.getByLabel('项目名称').inputValue()).toBe('良梨镇酥梨冷库建设');

    await clerk.getByLabel('所需金额（元）').fill('128000.50');
    await clerk.getByLabel('上传图片').setInputFiles(photo);
    await Promise.all([clerk.waitForURL(/\/county\/projects\/\d+$/), clerk.getByRole('button', { name: '保存' }).click()]);
    await journey.step(clerk, 'draft-saved');
    await Promise.all([clerk.waitForURL(/\/county\/projects\/\d+$/), clerk.getByRole('button', { name: '提交审核' }).click()]);
    await journey.step(clerk, 'submitted');
    expect(await clerk.locator('main').textContent()).toContain('待审核');
  }, 180_000);

  it('the organiser finds it in the queue and publishes it (desktop)', async () => {
    await organiser.goto('/login');
    await journey.step(organiser, 'organiser-login', { screenshot: false });
    await logInWithKeyboard(journey, organiser, 'organiser', DEMO_PASSWORD, '/admin');
    await menu(organiser, '项目审核').click();
    await organiser.waitForURL('**/admin/projects');
    await journey.step(organiser, 'queue');
    await alsoAt(organiser, PHONE, 'queue');
    await organiser.getByRole('link', { name: '良梨镇酥梨冷库建设' }).click();
    await organiser.waitForURL(/\/admin\/projects\/\d+$/);
    await journey.step(organiser, 'review');
    await Promise.all([organiser.waitForURL('**/admin/projects'), organiser.getByRole('button', { name: '审核通过并发布' }).click()]);
    await journey.step(organiser, 'published');
    const project = await app.t.db.getRepository(DonationProject).findOneByOrFail({ title: '良梨镇酥梨冷库建设' });
    expect(project).toMatchObject({ status: 'published', soughtFen: 12_800_050 });
    journey.assertEveryPageFine();
  }, 180_000);
});
