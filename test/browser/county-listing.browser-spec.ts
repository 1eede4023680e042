import type { Page } from 'playwright-core';
import { County } from '../../src/counties/county.entity';
import { Fair } from '../../src/fairs/fair.entity';
import { Product } from '../../src/products/product.entity';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder';
import { describeInBrowser, Journey, logInWithKeyboard, menu, startApp, tabTo, type RunningApp } from './support/browser';

/**
 * Journey: a new fair has begun (the 2021 fair, made current); 砀山县's clerk finds the
 * listing empty, re-confirms last fair's listing in one step and sees 已达标, then takes one
 * product off with the keyboard on a 375 px phone, where each product is a card.
 */
describeInBrowser('journey (browser, 375 px): a county re-confirms its listing for a new fair in one step', () => {
  let app: RunningApp;
  let journey: Journey;
  let clerk: Page;
  let withdrawn: Product;

  beforeAll(async () => {
    app = await startApp();
    journey = new Journey('journey-county-listing', app);
    const db = app.t.db;
    // The organiser's new-fair flow is elsewhere: here the 2021 fair is made current directly.
    const fairs = db.getRepository(Fair);
    await fairs.update({ current: true }, { current: null, status: 'finished' });
    await fairs.save(fairs.create({ name: '宿州市2021年消费帮扶展销会', date: '2021-10-17', status: 'preparing', current: true }));
    // Of 砀山县's 23 products of 2020, one has been withdrawn since: it is not carried over.
    const county = await db.getRepository(County).findOneByOrFail({ code: '341321' });
    withdrawn = (await db.getRepository(Product).find({ where: { countyId: county.id }, order: { code: 'DESC' }, take: 1 }))[0];
    await db.getRepository(Product).update({ id: withdrawn.id }, { status: 'withdrawn' });
    clerk = await journey.open('砀山县操作员');
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  it('logs in and finds nothing listed yet in the new fair', async () => {
    await clerk.goto('/login');
    await journey.step(clerk, 'login');
    await logInWithKeyboard(journey, clerk, 'county-341321', DEMO_PASSWORD, '/county');
    await expect(text(clerk, 'main table')).resolves.toContain('未参展');
    await menu(clerk, '参展产品').click();
    await clerk.waitForURL('**/county/listing');
    await journey.step(clerk, 'listing-empty');
    await expect(text(clerk, '.listing-count')).resolves.toBe('已选 0 / 最少 20，还差 20 项');
    expect(await clerk.locator('.listing-count').getAttribute('class')).toContain('warn');
    // On the phone each product is a card, its values after their labels.
    expect(
      await clerk
        .locator('.listing-table tbody tr')
        .first()
        .evaluate((tr) => getComputedStyle(tr).display),
    ).toBe('block');
  });

  it('re-confirms last fair’s listing with one button and sees 已达标', async () => {
    await clerk.getByRole('button', { name: '沿用上届参展产品（22 项）' }).click();
    // The POST answers with a redirect to the same address: wait for the page after it.
    await clerk.getByText('已沿用上届参展产品 22 项。').waitFor();
    await journey.step(clerk, 'listing-carried-over');
    await expect(text(clerk, '.flash')).resolves.toContain('已沿用上届参展产品 22 项。');
    await expect(text(clerk, '.listing-count')).resolves.toBe('已选 22 / 最少 20，已达标');
    expect(await clerk.locator('.readiness').getAttribute('class')).toContain('is-ready');
    expect(await clerk.getByRole('button', { name: /沿用上届参展产品/ }).count()).toBe(0);
    expect(await clerk.getByRole('checkbox').count()).toBe(22);
    expect(await clerk.getByRole('checkbox', { name: `参展：${withdrawn.name}` }).count()).toBe(0);
  });

  it('takes one product off the listing with the keyboard and stays ready', async () => {
    const box = clerk.getByRole('checkbox').first();
    const name = (await box.getAttribute('value'))!;
    await tabTo(clerk, `input[type=checkbox][value="${name}"]`);
    await clerk.keyboard.press('Space');
    expect(await box.isChecked()).toBe(false);
    await tabTo(clerk, 'button[type=submit].primary');
    await clerk.keyboard.press('Enter');
    await clerk.getByText('参展产品已保存：取消 1 项。').waitFor();
    await journey.step(clerk, 'listing-saved');
    await expect(text(clerk, '.flash')).resolves.toContain('参展产品已保存：取消 1 项。');
    await expect(text(clerk, '.listing-count')).resolves.toBe('已选 21 / 最少 20，已达标');
    expect(await clerk.getByRole('checkbox').first().isChecked()).toBe(false);
  });

  it('every page visited passes the 375 px checks (no sideways scrolling, labelled fields, no errors)', () => {
    journey.assertEveryPageFine();
  });
});

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
