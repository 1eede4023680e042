import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import { formatFen } from '../src/common/money';
import type { DonationProject } from '../src/donations/donation-project.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { DonationProject as ProjectEntity } from '../src/donations/donation-project.entity';
import { Fair } from '../src/fairs/fair.entity';
import { Objection } from '../src/objections/objection.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { currentFairId, makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn } from './support/http';
import { section } from './support/gongshi-page';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** The visible text of a page: tags dropped, entities of the money format kept. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe(`认领认捐 public pages (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let irrigation: DonationProject;
  let school: DonationProject;
  let goods: DonationProject;
  let draft: DonationProject;
  let pending: DonationProject;
  let closed: DonationProject;
  const get = (path: string) => request(t.http).get(path);

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    irrigation = await makeProject(t.db, dangshan, {
      title: '良梨镇梨园节水灌溉',
      township: '良梨镇',
      village: '良梨村',
      soughtFen: 10_000_000,
    });
    school = await makeProject(t.db, xiaoxian, { title: '圣泉乡小学图书室', kind: 'education', soughtFen: 2_000_000, status: 'funded' });
    goods = await makeProject(t.db, dangshan, {
      title: '冬季棉被捐助',
      kind: 'goods',
      soughtFen: null,
      goodsSought: '棉被 200 床\n棉衣 100 件',
    });
    draft = await makeProject(t.db, dangshan, { title: '草稿里的秘密项目', status: 'draft', publishedAt: null });
    pending = await makeProject(t.db, xiaoxian, { title: '待审核的秘密项目', status: 'pending', publishedAt: null });
    closed = await makeProject(t.db, xiaoxian, { title: '已关闭的道路硬化', kind: 'infrastructure', status: 'closed' });

    await makePledge(t.db, irrigation, { amountFen: 3_000_000, donorName: '宿州市演示商会' });
    await makePledge(t.db, irrigation, { amountFen: 999_900, status: 'cancelled', cancelledAt: new Date() });
    await makeReceipt(t.db, irrigation, dangshan, { amountFen: 2_500_000, donorName: '宿州市演示商会', receiptNo: 'JZ-341321-0001' });
    await makeReceipt(t.db, irrigation, dangshan, {
      amountFen: 777_700,
      receiptNo: 'JZ-341321-0002',
      voidedAt: new Date(),
      voidReason: '金额录错',
      donorName: '作废票据的捐赠人',
    });
    await makeReceipt(t.db, school, xiaoxian, { amountFen: 2_000_000, receiptNo: 'JZ-341322-0001', donorName: '萧县演示企业' });
    await makeReceipt(t.db, null, dangshan, { amountFen: 120_000, receiptNo: 'JZ-341321-0003', donorName: '砀山县演示个人' });
    await makeReceipt(t.db, null, null, { amountFen: 80_000, receiptNo: 'JZ-CITY-0001', donorName: '市里的演示个人' });
    await makeDisbursement(t.db, irrigation, { amountFen: 600_000, payee: '良梨村股份经济合作社', purpose: '购买滴灌设备' });
  });
  afterAll(() => t?.close());

  it('lists only public projects of the current campaign on the city page', async () => {
    const html = (await get('/projects').expect(200)).text;
    for (const p of [irrigation, school, goods, closed]) expect(html).toContain(p.title);
    for (const p of [draft, pending]) expect(html).not.toContain(p.title);
    expect(html).toContain('共 4 个');
    expect(html).toContain('href="/projects"'); // the menu's 认领认捐
  });

  it('shows received against sought as a bar, pledged apart, and the deadline', async () => {
    const html = (await get('/projects').expect(200)).text;
    const card = html.slice(html.indexOf('良梨镇梨园节水灌溉'), html.indexOf('</li>', html.indexOf('良梨镇梨园节水灌溉')));
    expect(card).toContain(`已到账 ${formatFen(2_500_000)}`); // the voided receipt is not counted
    expect(card).toContain(`目标 ${formatFen(10_000_000)}（25%）`);
    expect(card).toContain('aria-valuenow="25"');
    expect(card).toContain('style="width: 25%"');
    expect(textOf(card)).toContain(`认捐（承诺） ${formatFen(3_000_000)}`); // the cancelled pledge is not
    expect(card).toContain('截止日期：2099年12月31日');
  });

  it('shows a goods project its items instead of a bar', async () => {
    const html = (await get('/projects?kind=goods').expect(200)).text;
    expect(html).toContain('<li>棉被 200 床</li>');
    expect(html).toContain('<li>棉衣 100 件</li>');
    expect(html).not.toContain('role="progressbar"');
  });

  it('filters by county, kind and status, and drops a bad filter instead of failing', async () => {
    const titles = async (q: string) => {
      const html = (await get(`/projects${q}`).expect(200)).text;
      return [irrigation, school, goods, closed].filter((p) => html.includes(p.title)).map((p) => p.title);
    };
    expect(await titles('?county=341321')).toEqual([irrigation.title, goods.title]);
    expect(await titles('?kind=education')).toEqual([school.title]);
    expect(await titles('?status=closed')).toEqual([closed.title]);
    expect(await titles('?county=341322&status=funded')).toEqual([school.title]);
    // A draft is not a public status: the filter is dropped, drafts stay hidden.
    expect(await titles('?status=draft')).toEqual([irrigation.title, school.title, goods.title, closed.title]);
    expect(await titles('?county=999999&kind=nope&page=abc')).toHaveLength(4);
  });

  it('says so clearly when nothing matches', async () => {
    const html = (await get('/projects?kind=housing').expect(200)).text;
    expect(html).toContain('没有符合条件的项目');
  });

  it('pages the list 12 a page and clamps a page beyond the end', async () => {
    const many = await makeCounty(t.db, { code: '341323', name: '灵璧县' });
    for (let i = 0; i < 13; i++) await makeProject(t.db, many, { title: `灵璧县分页项目${String(i).padStart(2, '0')}` });
    const first = (await get('/projects/county/341323').expect(200)).text;
    expect(first.match(/class="project-card"/g)).toHaveLength(12);
    expect(first).toContain('共 13 个');
    const last = (await get('/projects/county/341323?page=99').expect(200)).text;
    expect(last.match(/class="project-card"/g)).toHaveLength(1);
  });

  it("gives a county its own page with its projects and its fund's received total", async () => {
    const html = (await get('/projects/county/341321').expect(200)).text;
    expect(html).toContain('砀山县认领认捐项目');
    expect(html).toContain(irrigation.title);
    expect(html).not.toContain(school.title);
    const totals = await t.app.get(DonationTotalsService).byCounty(await currentFairId(t.db));
    expect(totals.get(dangshan.id)!.receivedFen).toBe(2_620_000);
    expect(html).toContain(formatFen(2_620_000));
    expect(html).toContain(`${formatFen(120_000)}</span><span class="stat-label">其中不定向`);
    await get('/projects/county/999999').expect(404);
    await get('/projects/county/%3Cscript%3E').expect(404);
  });

  it('shows a project page with its donations, its disbursements and the figures of DonationTotalsService', async () => {
    const html = (await get(`/projects/${irrigation.id}`).expect(200)).text;
    const totals = await t.app.get(DonationTotalsService).ofProject(irrigation.id);
    expect(totals).toEqual({ pledgedFen: 3_000_000, receivedFen: 2_500_000, disbursedFen: 600_000 });
    const text = textOf(html);
    expect(text).toContain(`到账金额 ${formatFen(2_500_000)}`);
    expect(text).toContain(`已使用 ${formatFen(600_000)}`);
    expect(text).toContain(`结余 ${formatFen(1_900_000)}`);
    expect(text).toContain('乡镇/村 良梨镇 良梨村');
    expect(html).toContain('JZ-341321-0001');
    expect(html).not.toContain('JZ-341321-0002');
    expect(html).not.toContain('作废票据的捐赠人');
    expect(html).toContain('良梨村股份经济合作社');
    expect(html).toContain('购买滴灌设备');
    expect(html).toContain(`href="/projects/${irrigation.id}/pledge">我要认捐</a>`);
    expect(html).toContain(`/objections/new?project=${irrigation.id}`);
    expect(html).not.toContain('13800138000');
  });

  it('offers no pledge button on a funded or closed project, and 我要认领 on a whole project', async () => {
    expect((await get(`/projects/${school.id}`).expect(200)).text).not.toContain('/pledge"');
    expect((await get(`/projects/${closed.id}`).expect(200)).text).not.toContain('/pledge"');
    const late = await makeProject(t.db, dangshan, { title: '已过截止日期的项目', deadline: '2020-10-01' });
    const lateHtml = (await get(`/projects/${late.id}`).expect(200)).text;
    expect(lateHtml).toContain('已过截止日期');
    expect(lateHtml).not.toContain('/pledge"');
    const whole = await makeProject(t.db, dangshan, { title: '整体认领的大棚', claimMode: 'whole' });
    expect((await get(`/projects/${whole.id}`).expect(200)).text).toContain('我要认领');
    const unit = await makePledge(t.db, whole, { claim: true, donorName: '宿州市演示认领单位', amountFen: 10_000_000 });
    await t.db.getRepository(ProjectEntity).update(whole.id, { claimedByPledgeId: unit.id });
    const claimed = (await get(`/projects/${whole.id}`).expect(200)).text;
    expect(claimed).toContain('已认领：宿州市演示认领单位');
    expect(claimed).not.toContain('我要认领');
  });

  it('answers 404 for a project that is not public, unknown or beyond 32 bits', async () => {
    for (const id of [draft.id, pending.id, 99999, '2147483648', '99999999999999999999', '1e3', 'abc']) {
      await get(`/projects/${id}`).expect(404);
    }
  });

  it('shows 捐赠公示: every received donation with totals per county and kind that equal DonationTotalsService', async () => {
    const html = (await get('/gongshi/donations').expect(200)).text;
    const fairId = await currentFairId(t.db);
    const campaign = await t.app.get(DonationTotalsService).ofFair(fairId);
    for (const no of ['JZ-341321-0001', 'JZ-341322-0001', 'JZ-341321-0003', 'JZ-CITY-0001']) expect(html).toContain(no);
    expect(html).not.toContain('JZ-341321-0002');
    expect(html).toContain('砀山县统筹资金（不定向）');
    expect(html).toContain('市统筹资金（不定向）');
    expect(textOf(html)).toContain(`到账金额 ${formatFen(campaign.receivedFen)}`);
    expect(campaign.receivedFen).toBe(2_500_000 + 2_000_000 + 120_000 + 80_000);
    const byKind = section(html, 'by-kind', 'donation-list');
    expect(textOf(byKind)).toContain(`产业 1 ${formatFen(2_500_000)}`);
    expect(textOf(byKind)).toContain(`教育 1 ${formatFen(2_000_000)}`);
    expect(textOf(byKind)).toContain(`不定向（统筹资金） 2 ${formatFen(200_000)}`);
    expect(textOf(byKind)).toContain(`合计 4 ${formatFen(campaign.receivedFen)}`);
    const byCounty = textOf(section(html, 'by-county', 'by-kind'));
    expect(byCounty).toContain(`砀山县 ${formatFen(3_000_000 + 10_000_000)} ${formatFen(2_620_000)} ${formatFen(600_000)}`);
    expect(byCounty).toContain(`市扶贫开发局（市统筹） ${formatFen(0)} ${formatFen(80_000)}`);
    expect(html).toContain('数据更新时间：20');
    expect(html).not.toContain('13800138000');
    expect(html).not.toContain('BANK-');
  });

  it("adds the campaign's totals to the fair's 公示 in a section of their own", async () => {
    const html = (await get('/gongshi').expect(200)).text;
    const campaign = await t.app.get(DonationTotalsService).ofFair(await currentFairId(t.db));
    const from = html.indexOf('id="donation-campaign"');
    const part = textOf(html.slice(from, html.indexOf('</section>', from)));
    expect(part).toContain(`到账金额 ${formatFen(campaign.receivedFen)}`);
    expect(part).toContain(`认捐金额（承诺） ${formatFen(campaign.pledgedFen)}`);
    expect(part).toContain(`已使用金额 ${formatFen(campaign.disbursedFen)}`);
    expect(html).toContain('href="/gongshi/donations"');
    // The fair's own figures end before it: the archived fairs' byte-stable section does not include it.
    expect(section(html, 'by-county', 'supervision')).not.toContain('认领认捐');
  });

  it('shows a past campaign with ?fair=ID and links to the other campaigns', async () => {
    const old = await t.db
      .getRepository(Fair)
      .save(
        t.db
          .getRepository(Fair)
          .create({ name: '宿州市2019年扶贫日消费扶贫展销会', date: '2019-10-17', current: null, status: 'archived' }),
      );
    const oldProject = await makeProject(t.db, dangshan, { title: '2019年的往届项目', fairId: old.id });
    expect((await get('/projects').expect(200)).text).toContain(`/projects?fair=${old.id}`);
    const html = (await get(`/projects?fair=${old.id}`).expect(200)).text;
    expect(html).toContain(oldProject.title);
    expect(html).not.toContain(irrigation.title);
    expect(html).toContain('已归档');
    // An archived campaign takes no pledges.
    expect((await get(`/projects/${oldProject.id}`).expect(200)).text).not.toContain('/pledge"');
    await get('/projects?fair=99999').expect(404);
    await get('/gongshi/donations?fair=2147483648').expect(404);
    expect((await get(`/gongshi/donations?fair=${old.id}`).expect(200)).text).toContain('本届暂无到账捐款');
  });

  it('takes an objection about a project or a donation, and the organiser sees what it is about', async () => {
    const receipt = await makeReceipt(t.db, irrigation, dangshan, {
      amountFen: 10_000,
      receiptNo: 'JZ-341321-0100',
      donorName: '异议测试',
    });
    const form = await request.agent(t.http);
    const page = await form.get(`/objections/new?project=${irrigation.id}`).expect(200);
    expect(page.text).toContain(irrigation.title);
    await form
      .post('/objections/new')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), projectId: String(irrigation.id), text: '项目的受益户数与实际不符，请核实。' })
      .expect(303);
    const donationPage = await form.get(`/objections/new?donation=${receipt.id}`).expect(200);
    expect(donationPage.text).toContain('JZ-341321-0100');
    await form
      .post('/objections/new')
      .type('form')
      .send({ _csrf: csrfFrom(donationPage.text), donationReceiptId: String(receipt.id), text: '这笔捐款的到账日期不对，请核实。' })
      .expect(303);
    const saved = await t.db.getRepository(Objection).find({ order: { id: 'ASC' } });
    expect(saved.map((o) => [o.subjectType, o.projectId, o.donationReceiptId, o.subject])).toEqual([
      ['project', irrigation.id, null, null],
      ['donation', null, receipt.id, null],
    ]);
    const organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    const queue = (await organiser.get('/admin/objections').expect(200)).text;
    expect(queue).toContain(`项目：${irrigation.title}`);
    expect(queue).toContain('捐赠记录：JZ-341321-0100');
  });

  it('refuses an objection about a hidden project, a voided receipt or two things at once, and writes nothing', async () => {
    const agent = request.agent(t.http);
    await agent.get(`/objections/new?project=${draft.id}`).expect(404);
    const voided = await makeReceipt(t.db, irrigation, dangshan, { voidedAt: new Date(), voidReason: '重复' });
    await agent.get(`/objections/new?donation=${voided.id}`).expect(404);
    await agent.get('/objections/new?donation=2147483648').expect(404);
    const token = csrfFrom((await agent.get('/objections/new').expect(200)).text);
    const before = await dbSnapshot(t.db);
    const text = '这是一条不应保存的异议内容。';
    await agent
      .post('/objections/new')
      .type('form')
      .send({ _csrf: token, projectId: String(draft.id), text })
      .expect(404);
    await agent
      .post('/objections/new')
      .type('form')
      .send({ _csrf: token, donationReceiptId: String(voided.id), text })
      .expect(404);
    const both = await agent
      .post('/objections/new')
      .type('form')
      .send({ _csrf: token, projectId: String(irrigation.id), donationReceiptId: String(voided.id), text })
      .expect(422);
    expect(both.text).toContain('一份异议只能针对一个对象');
    const bad = await agent.post('/objections/new').type('form').send({ _csrf: token, projectId: '99999999999', text }).expect(422);
    expect(bad.text).toContain('项目编号有误');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
  });
});
