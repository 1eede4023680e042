import type { Page } from 'playwright-core';
import { County } from '../../src/counties/county.entity';
import { IsNull, In } from 'typeorm';
import { DonationProject } from '../../src/donations/donation-project.entity';
import { DonationReceipt } from '../../src/donations/donation-receipt.entity';
import { PUBLIC_PROJECT_STATUSES } from '../../src/donations/project-status';
import { ProductImages } from '../../src/products/product-images';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from '../support/donation-factories';
import { DESKTOP, describeInBrowser, Journey, PHONE, startApp, tinyPng, type RunningApp } from './support/browser';

/**
 * A visitor reads the 认领认捐 pages on a phone (inside WeChat) and on a desktop: the city
 * page with its cards and progress bars, a project page with its donations and disbursements,
 * a county's page and 捐赠公示. Every page passes the 375 px checks at both widths.
 */
describeInBrowser('认领认捐 public pages on a phone and a desktop', () => {
  let app: RunningApp;
  let journey: Journey;
  let project: DonationProject;

  beforeAll(async () => {
    app = await startApp();
    const db = app.t.db;
    const counties = await db.getRepository(County).find({ order: { code: 'ASC' }, take: 2 });
    const [first, second] = counties;
    const imageKey = await app.t.app.get(ProductImages).store(tinyPng(400, 300));
    project = await makeProject(db, first, {
      title: `${first.name}良梨镇梨园节水灌溉改造`,
      township: '良梨镇',
      village: '良梨村',
      soughtFen: 30_000_000,
      description: '为良梨村 120 户梨农铺设滴灌管网，节水增产，带动脱贫户稳定增收。',
      imageKey,
      // Ahead of the day the suite runs, so the page offers 我要认捐.
      deadline: `${new Date().getFullYear() + 1}-06-30`,
    });
    await makePledge(db, project, { amountFen: 12_000_000, donorName: '宿州市演示商会' });
    await makeReceipt(db, project, first, { amountFen: 8_000_000, donorName: '宿州市演示商会', receiptNo: 'JZ-DEMO-0001' });
    await makeReceipt(db, project, first, {
      amountFen: 1_500_000,
      donorName: '不具名的热心人',
      anonymous: true,
      receiptNo: 'JZ-DEMO-0002',
    });
    await makeDisbursement(db, project, { amountFen: 3_000_000, payee: '良梨村股份经济合作社', purpose: '采购滴灌管材与水泵' });
    await makeProject(db, first, {
      title: `${first.name}冬季棉被棉衣捐助`,
      kind: 'goods',
      soughtFen: null,
      goodsSought: '棉被 200 床\n棉衣 100 件',
      deadline: '2020-11-30',
    });
    const school = await makeProject(db, second, {
      title: `${second.name}圣泉乡中心小学图书室`,
      kind: 'education',
      soughtFen: 2_000_000,
      status: 'funded',
      claimMode: 'whole',
    });
    const claim = await makePledge(db, school, { claim: true, donorKind: 'unit', donorName: '宿州市演示第一中学', amountFen: 2_000_000 });
    await db.getRepository(DonationProject).update(school.id, { claimedByPledgeId: claim.id });
    await makeReceipt(db, school, second, {
      pledgeId: claim.id,
      amountFen: 2_000_000,
      donorName: '宿州市演示第一中学',
      receiptNo: 'JZ-DEMO-0003',
    });
    await makeReceipt(db, null, null, { amountFen: 50_000, donorName: '匿名的市民', anonymous: true, receiptNo: 'JZ-DEMO-0004' });
    journey = new Journey('donation-public', app);
  });
  afterAll(async () => {
    await journey?.close();
    await app?.close();
  });

  const visit = async (page: Page, path: string, name: string) => {
    await page.goto(path);
    await journey.step(page, name);
  };

  it('shows the city page, a project, a county page and 捐赠公示 on a phone', async () => {
    const phone = await journey.open('visitor', PHONE);
    await visit(phone, '/projects', 'phone-projects');
    // The demo data's projects are there too: the first page holds up to 12 of every public one.
    const publicProjects = await app.t.db.getRepository(DonationProject).countBy({ status: In([...PUBLIC_PROJECT_STATUSES]) });
    expect(await phone.locator('.project-card').count()).toBe(Math.min(publicProjects, 12));
    await visit(phone, `/projects/${project.id}`, 'phone-project');
    expect(await phone.locator('.donation-progress [role=progressbar]').getAttribute('aria-valuenow')).toBe('31');
    expect(await phone.getByRole('link', { name: '我要认捐' }).getAttribute('href')).toBe(`/projects/${project.id}/pledge`);
    await visit(
      phone,
      '/projects/county/' + (await app.t.db.getRepository(County).findOneByOrFail({ id: project.countyId })).code,
      'phone-county',
    );
    await visit(phone, '/gongshi/donations', 'phone-gongshi-donations');
    // Every received donation (the demo data's and these four), none voided, on one page of 50.
    const received = await app.t.db.getRepository(DonationReceipt).countBy({ voidedAt: IsNull() });
    expect(await phone.locator('#donation-list tbody tr').count()).toBe(Math.min(received, 50));
  });

  it('shows the same pages on a desktop', async () => {
    const desk = await journey.open('visitor-desk', DESKTOP);
    await visit(desk, '/projects', 'desktop-projects');
    await visit(desk, `/projects/${project.id}`, 'desktop-project');
    await visit(desk, '/gongshi/donations', 'desktop-gongshi-donations');
    await visit(desk, '/gongshi', 'desktop-gongshi');
  });

  it('every page visited passes the 375 px checks (and the desktop ones)', () => {
    journey.assertEveryPageFine();
  });
});
