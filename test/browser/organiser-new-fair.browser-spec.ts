import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { describeInBrowser, DESKTOP, Journey, logInWithKeyboard, menu, startApp, type RunningApp } from './support/browser';

/**
 * Journey 4: on the demo data (the 2020 fair, current), the organiser creates the 2021 fair
 * from the 2020 one on a phone, opens its registration after the confirmation page, makes it
 * current, and finds it in the layout and in the dashboard's fair selector, with the 2020 fair
 * still one choice away; then the same pages at a desk.
 */

const NAME_2020 = '宿州市2020年扶贫日消费扶贫展销会';
const NAME_2021 = '宿州市2021年扶贫日消费扶贫展销会';

describeInBrowser('journey 4 (browser, 375 px and desktop): the organiser creates the 2021 fair and makes it current', () => {
  let app: RunningApp;
  let journey: Journey;
  let phone: Page;
  let desk: Page;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-4-new-fair', app);
    phone = await journey.open('组织方（手机）');
    desk = await journey.open('组织方（电脑）', DESKTOP);
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  /** The card of one fair on /admin/fairs. */
  const card = (page: Page, name: string) => page.locator('.fair-list > li').filter({ has: page.getByRole('heading', { name }) });

  it('finds the fairs in the menu: the 2020 fair is current', async () => {
    await phone.goto('/login');
    await journey.step(phone, 'login');
    await logInWithKeyboard(journey, phone, 'organiser', DEMO_PASSWORD, '/admin');
    await menu(phone, '展销会').click();
    await phone.waitForURL('**/admin/fairs');
    await expect(card(phone, NAME_2020).locator('.status').allTextContents()).resolves.toEqual(['意向登记中', '当前']);
    await journey.step(phone, 'fairs');
  });

  it('creates the 2021 fair from the form filled in from 2020', async () => {
    await phone.getByRole('link', { name: '新建展销会' }).click();
    await phone.waitForURL('**/admin/fairs/new');
    await expect(phone.getByLabel('展销会名称').inputValue()).resolves.toBe(NAME_2021);
    await expect(phone.getByLabel('举办日期').inputValue()).resolves.toBe('2021-10-17');
    await phone.getByLabel('举办地点').fill('宿州市体育馆（演示）');
    await phone.getByLabel('意向截止时间（北京时间）').fill('2021-10-15T18:00');
    await journey.step(phone, 'new-fair-form');
    await Promise.all([phone.waitForURL('**/admin/fairs'), phone.getByRole('button', { name: '新建' }).click()]);
    await expect(phone.locator('.flash').first().textContent()).resolves.toContain(`已新建${NAME_2021}（筹备中）`);
    await expect(card(phone, NAME_2021).locator('.status').allTextContents()).resolves.toEqual(['筹备中']);
    await journey.step(phone, 'fair-created');
  });

  it('opens registration for 2021 after ticking the confirmation', async () => {
    await card(phone, NAME_2021)
      .getByRole('link', { name: /改为“意向登记中”/ })
      .click();
    await phone.waitForURL(/\/admin\/fairs\/\d+\/status$/);
    await journey.step(phone, 'status-confirm');
    // (Without the tick the form comes back with 422 and its message: test/organiser-fairs.e2e-spec.ts.)
    await phone.getByLabel(`我已确认将${NAME_2021}改为“意向登记中”`).check();
    await Promise.all([phone.waitForURL('**/admin/fairs'), phone.getByRole('button', { name: '改为“意向登记中”' }).click()]);
    await expect(card(phone, NAME_2021).locator('.status').allTextContents()).resolves.toEqual(['意向登记中']);
  });

  it('makes the 2021 fair current: the layout names it at once', async () => {
    await Promise.all([
      phone.waitForURL('**/admin/fairs'),
      card(phone, NAME_2021)
        .getByRole('button', { name: /设为当前/ })
        .click(),
    ]);
    await expect(card(phone, NAME_2021).locator('.status').allTextContents()).resolves.toEqual(['意向登记中', '当前']);
    await expect(phone.locator('.site-footer').textContent()).resolves.toContain(`${NAME_2021} · 2021年10月17日`);
    await journey.step(phone, 'made-current');
  });

  it('shows the 2021 fair on the dashboard, with 2020 one choice away in the selector', async () => {
    await menu(phone, '工作台').click();
    await phone.waitForURL('**/admin');
    const selector = phone.getByLabel('展销会', { exact: true });
    await expect(selector.locator('option:checked').textContent()).resolves.toBe(`${NAME_2021}（意向登记中，当前）`);
    await journey.step(phone, 'dashboard-2021');
    const fair2020 = await selector.locator('option', { hasText: NAME_2020 }).getAttribute('value');
    await selector.selectOption(fair2020!);
    await Promise.all([phone.waitForURL(`**/admin?fair=${fair2020}**`), phone.getByRole('button', { name: '筛选' }).click()]);
    await expect(selector.locator('option:checked').textContent()).resolves.toBe(`${NAME_2020}（意向登记中）`);
    await journey.step(phone, 'dashboard-2020');
  });

  it('shows the same at a desk', async () => {
    await desk.goto('/login');
    await journey.step(desk, 'desk-login');
    await logInWithKeyboard(journey, desk, 'organiser', DEMO_PASSWORD, '/admin');
    await expect(desk.getByLabel('展销会', { exact: true }).locator('option:checked').textContent()).resolves.toContain(NAME_2021);
    await menu(desk, '展销会').click();
    await desk.waitForURL('**/admin/fairs');
    await expect(card(desk, NAME_2021).locator('.status').allTextContents()).resolves.toEqual(['意向登记中', '当前']);
    await journey.step(desk, 'desk-fairs');
    await card(desk, NAME_2021).getByRole('link', { name: /^修改/ }).click();
    await desk.waitForURL(/\/admin\/fairs\/\d+\/edit$/);
    await expect(desk.getByLabel('举办地点').inputValue()).resolves.toBe('宿州市体育馆（演示）');
    await journey.step(desk, 'desk-edit');
  });

  it('every page passed the checks', () => journey.assertEveryPageFine());
});
