import type { Page } from 'playwright-core';
import type { County } from '../../src/counties/county.entity';
import { DonationAccount } from '../../src/donations/donation-account.entity';
import type { DonationProject } from '../../src/donations/donation-project.entity';
import { Pledge } from '../../src/donations/pledge.entity';
import { makeProject } from '../support/donation-factories';
import { makeBuyerUnit, makeCounty, makeUser, TEST_PASSWORD } from '../support/factories';
import { DESKTOP, describeInBrowser, Journey, logInWithKeyboard, startApp, type RunningApp } from './support/browser';

/**
 * The donor's journey (认捐), on a phone as inside WeChat and at a desk: a person pledges
 * anonymously to a county's project after one mistake, keeps the pledge page with the account
 * to pay into, and a school (a buyer unit) claims a whole project from its account.
 */
describeInBrowser('the donor (browser, 375 px and 1280 px): pledges, sees where to pay, a unit claims a project', () => {
  let app: RunningApp;
  let journey: Journey;
  let county: County;
  let shares: DonationProject;
  let whole: DonationProject;
  let schoolUser: string;

  beforeAll(async () => {
    app = await startApp({ demo: false });
    journey = new Journey('donor-pledge', app);
    const db = app.t.db;
    county = await makeCounty(db, { code: '341321', name: '砀山县' });
    shares = await makeProject(db, county, {
      title: '良梨镇酥梨冷库建设',
      township: '良梨镇',
      village: '良梨村',
      soughtFen: 30_000_000,
      deadline: '2099-12-31',
    });
    whole = await makeProject(db, county, {
      title: '唐寨镇中心小学食堂改造',
      township: '唐寨镇',
      village: null,
      kind: 'education',
      claimMode: 'whole',
      soughtFen: 8_000_000,
    });
    await db.getRepository(DonationAccount).save({
      office: county.code,
      accountName: '砀山县扶贫开发局',
      bankName: '中国农业银行砀山县支行营业部',
      accountNo: '1234 0101 0400 5678 9',
      note: '汇款时请在附言中注明认捐编号，到账后开具捐赠票据。',
    });
    const school = await makeBuyerUnit(db, { name: '宿州市第一中学' });
    schoolUser = (await makeUser(db, 'buyer', { buyerUnitId: school.id })).username;
  }, 120_000);

  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  afterAll(() => journey?.assertEveryPageFine());

  async function fillPublicForm(page: Page) {
    await page.getByLabel('个人').check();
    await page.locator('#donorName').fill('张爱心');
    await page.getByLabel('联系电话（手机）').fill('138 0013 8000');
    await page.getByLabel('留言（选填）').fill('祝乡亲们的酥梨卖个好价钱！');
    await page.getByLabel('匿名（公示中只显示“匿名”）').check();
  }

  it('a person pledges anonymously on a phone, corrects the amount, and sees where to pay', async () => {
    const phone = await journey.open('爱心人士');
    await phone.goto(`/projects/${shares.id}/pledge`);
    await journey.step(phone, 'pledge-form-375');
    await fillPublicForm(phone);
    await phone.getByLabel('认捐金额（元）').fill('500.123');
    await phone.getByRole('button', { name: '提交认捐' }).click();
    await phone.getByText('认捐金额最多两位小数').waitFor();
    await journey.step(phone, 'pledge-form-error-375');
    expect(await phone.locator('#donorName').inputValue()).toBe('张爱心');

    await phone.getByLabel('认捐金额（元）').fill('500');
    await phone.getByRole('button', { name: '提交认捐' }).click();
    await phone.waitForURL(/\/pledges\/[A-Za-z0-9_-]{32}$/);
    const pledge = await app.t.db.getRepository(Pledge).findOneByOrFail({ accessToken: phone.url().split('/').pop() });
    await phone.getByText(pledge.pledgeNo).first().waitFor();
    await phone.getByText('1234 0101 0400 5678 9').waitFor();
    await journey.step(phone, 'pledge-page-375');

    const desk = await journey.open('爱心人士（电脑）', DESKTOP);
    await desk.goto(phone.url());
    await journey.step(desk, 'pledge-page-1280');
    await desk.emulateMedia({ media: 'print' });
    await desk.screenshot({ path: journey.artefact('pledge-page-print.png'), fullPage: true });
    await desk.emulateMedia({ media: 'screen' });
    await desk.goto(`/projects/${shares.id}/pledge`);
    await journey.step(desk, 'pledge-form-1280');
  });

  it('a school claims a whole project from its account and finds it under 我的认捐', async () => {
    const phone = await journey.open('学校采购员');
    await phone.goto(`/login?next=${encodeURIComponent(`/projects/${whole.id}/pledge`)}`);
    await journey.step(phone, 'login', { screenshot: false });
    await logInWithKeyboard(journey, phone, schoolUser, TEST_PASSWORD, `/projects/${whole.id}/pledge`);
    await journey.step(phone, 'claim-form-375');
    await phone.getByRole('button', { name: '提交认领' }).click();
    await phone.waitForURL(/\/my\/pledges\/\d+$/);
    await phone.getByText('认领编号').first().waitFor();
    await journey.step(phone, 'claim-page-375');
    await phone.goto('/my/pledges');
    await phone.getByText('唐寨镇中心小学食堂改造').waitFor();
    await journey.step(phone, 'my-pledges-375');
  });

  it('the organiser sets the city office’s donation account', async () => {
    const organiser = (await makeUser(app.t.db, 'organiser')).username;
    const desk = await journey.open('组织方', DESKTOP);
    await desk.goto(`/login?next=${encodeURIComponent('/admin/donations/accounts')}`);
    await journey.step(desk, 'organiser-login', { screenshot: false });
    await logInWithKeyboard(journey, desk, organiser, TEST_PASSWORD, '/admin/donations/accounts');
    await journey.step(desk, 'accounts-1280');
    await desk.locator('a[href="/admin/donations/accounts/city/edit"]').click();
    await desk.waitForURL('**/admin/donations/accounts/city/edit');
    await desk.getByLabel('户名').fill('宿州市扶贫开发局');
    await desk.getByLabel('开户行').fill('中国工商银行宿州分行营业部');
    await desk.getByLabel('账号').fill('1306 0201 0902 0000 123');
    await journey.step(desk, 'account-form-1280');
    await desk.getByRole('button', { name: '保存' }).click();
    await desk.waitForURL('**/admin/donations/accounts');
    await desk.getByText('1306 0201 0902 0000 123').waitFor();
    await journey.step(desk, 'accounts-saved-1280');
  });
});
