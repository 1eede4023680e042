import request from 'supertest';
import { AppConfig } from '../src/config/app-config';
import type { County } from '../src/counties/county.entity';
import type { DonationProject } from '../src/donations/donation-project.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { Fair } from '../src/fairs/fair.entity';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { makeCounty, makeUser } from './support/factories';
import { section } from './support/gongshi-page';
import { signedIn, type Agent } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

/** The board's rows of a table: the row header and the cells' text, tags stripped. */
function tableRows(html: string, id: string): { header: string; cells: string[] }[] {
  const table = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
  return [...table.matchAll(/<tr[^>]*>\s*<th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({
    header: m[1].replace(/<[^>]+>/g, '').trim(),
    cells: [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()),
  }));
}
const row = (html: string, id: string, header: string) => {
  const found = tableRows(html, id).find((r) => r.header.startsWith(header));
  if (!found) throw new Error(`no row ${header} in #${id}`);
  return found;
};

describe(`the organiser’s 认领认捐 board (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let asOrganiser: Agent;
  let dangshan: County;
  let xiaoxian: County;
  let pearStore: DonationProject;
  let pastDeadline: DonationProject;
  let archived: Fair;

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    pearStore = await makeProject(t.db, dangshan, { title: '酥梨冷藏库', soughtFen: 10_000_000 });
    const funded = await makeProject(t.db, dangshan, { title: '卫生室设备', soughtFen: 5_000_000, status: 'funded' });
    await makeProject(t.db, dangshan, { title: '待审项目', status: 'pending', publishedAt: null });
    await makeProject(t.db, dangshan, { title: '草稿项目', status: 'draft', publishedAt: null });
    pastDeadline = await makeProject(t.db, xiaoxian, { title: '村道路灯', soughtFen: 12_000_000, deadline: '2020-11-30' });
    await makeProject(t.db, xiaoxian, { title: '樱桃园滴灌', soughtFen: 8_000_000 });

    // Overdue: open, older than 30 days, nothing received.
    await makePledge(t.db, pearStore, { donorName: '逾期甲', amountFen: 300_000, createdAt: daysAgo(40) });
    // Partly received: not overdue.
    const partly = await makePledge(t.db, pearStore, { donorName: '部分到账乙', amountFen: 100_000, createdAt: daysAgo(40) });
    // Recent: not overdue yet.
    await makePledge(t.db, pastDeadline, { donorName: '近期丙', amountFen: 200_000, createdAt: daysAgo(10) });
    // Cancelled: neither pledged nor overdue.
    await makePledge(t.db, pearStore, { donorName: '已取消丁', status: 'cancelled', cancelledAt: daysAgo(35), createdAt: daysAgo(40) });
    // The city fund, its only receipt voided: nothing received, so overdue.
    const cityPledge = await makePledge(t.db, null, { donorName: '市级戊', amountFen: 150_000, createdAt: daysAgo(45) });
    // Anonymous to the public; the organiser sees the name and the choice.
    await makePledge(t.db, funded, { donorName: '隐名己', anonymous: true, amountFen: 250_000, createdAt: daysAgo(50) });

    await makeReceipt(t.db, pearStore, dangshan, { pledgeId: partly.id, amountFen: 50_000 });
    await makeReceipt(t.db, funded, dangshan, { amountFen: 2_000_000 });
    await makeReceipt(t.db, null, dangshan, { amountFen: 70_000 }); // the county's fund
    await makeReceipt(t.db, null, null, { pledgeId: cityPledge.id, amountFen: 150_000, voidedAt: new Date(), voidReason: '重复登记' });
    await makeReceipt(t.db, null, null, { amountFen: 80_000 });
    await makeDisbursement(t.db, funded, { amountFen: 600_000 });

    // Another fair's campaign: never counted in the current one's board.
    archived = await t.db
      .getRepository(Fair)
      .save(t.db.getRepository(Fair).create({ name: '2019年消费扶贫展销会', date: '2019-10-17', status: 'archived', current: null }));
    const old = await makeProject(t.db, dangshan, { fairId: archived.id, title: '往届项目', soughtFen: 99_900 });
    await makeReceipt(t.db, old, dangshan, { fairId: archived.id, amountFen: 12_300 });

    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t.close());

  it('shows per county projects, sought, pledged, received, disbursed and balance, and the city fund’s line', async () => {
    const page = (await asOrganiser.get('/admin/donations').expect(200)).text;
    // 砀山: 2 public projects (the pending and the draft not counted), 10万 + 5万 sought;
    // pledged 3000 + 1000 + 2500 (the cancelled one not); received 500 + 20000 + 700 (county fund).
    expect(row(page, 'board-counties', '砀山县').cells).toEqual(['2', '¥150,000.00', '¥6,500.00', '¥21,200.00', '¥6,000.00', '¥15,200.00']);
    expect(row(page, 'board-counties', '砀山县').header).toContain('待审核 1');
    expect(row(page, 'board-counties', '萧县').cells).toEqual(['2', '¥200,000.00', '¥2,000.00', '¥0.00', '¥0.00', '¥0.00']);
    // The city fund: the voided receipt does not count.
    expect(row(page, 'board-counties', '市级统筹').cells).toEqual(['—', '—', '¥1,500.00', '¥800.00', '¥0.00', '¥800.00']);
    const total = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(section(page, 'board-counties', 'board-overdue'))![1];
    const totals = [...total.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, ''));
    expect(totals).toEqual(['4', '¥350,000.00', '¥10,000.00', '¥22,000.00', '¥6,000.00', '¥16,000.00']);
  });

  it('agrees with DonationTotalsService to the fen', async () => {
    const page = (await asOrganiser.get('/admin/donations')).text;
    const fair = await t.db.getRepository(Fair).findOneByOrFail({ current: true });
    const all = await t.app.get(DonationTotalsService).ofFair(fair.id);
    const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(all).toEqual({ pledgedFen: 1_000_000, receivedFen: 2_200_000, disbursedFen: 600_000 });
    for (const fen of [all.pledgedFen, all.receivedFen, all.disbursedFen]) expect(page).toContain(yuan(fen));
  });

  it('lists open pledges with nothing received after 30 days, oldest first, and says N', async () => {
    const page = (await asOrganiser.get('/admin/donations')).text;
    expect(page).toContain('认捐后超过 30 天仍未到账：3 笔');
    const overdue = tableRows(page, 'board-overdue');
    expect(overdue.map((r) => r.cells[2].replace(/\s+/g, ''))).toEqual(['隐名己（要求匿名公示）', '市级戊', '逾期甲']);
    expect(overdue.map((r) => r.cells[0])).toEqual(['砀山县', '市级', '砀山县']);
    expect(overdue[0].cells.slice(3)).toEqual(['¥2,500.00', expect.stringMatching(/年.*月.*日/), '50']);
    for (const name of ['部分到账乙', '近期丙', '已取消丁'])
      expect(section(page, 'board-overdue', 'board-past-deadline')).not.toContain(name);
    expect(page).not.toContain('13800138000'); // no phone numbers on the board
  });

  it('takes N from the PLEDGE_OVERDUE_DAYS setting', async () => {
    const config = t.app.get(AppConfig);
    config.pledgeOverdueDays = 7;
    try {
      const page = (await asOrganiser.get('/admin/donations')).text;
      expect(page).toContain('认捐后超过 7 天仍未到账：4 笔');
      expect(section(page, 'board-overdue', 'board-past-deadline')).toContain('近期丙');
    } finally {
      config.pledgeOverdueDays = 30;
    }
  });

  it('lists published projects past their deadline with what they received', async () => {
    const page = (await asOrganiser.get('/admin/donations')).text;
    const rows = tableRows(page, 'board-past-deadline');
    expect(rows.map((r) => r.header)).toEqual(['村道路灯']);
    expect(rows[0].cells[0]).toBe('萧县');
    expect(rows[0].cells[1]).toBe('2020年11月30日');
    expect(Number(rows[0].cells[2])).toBeGreaterThan(2000);
    expect(rows[0].cells.slice(3)).toEqual(['¥120,000.00', '¥0.00']);
  });

  it('shows another fair’s campaign with ?fair=ID, and 404 for a fair that does not exist', async () => {
    const page = (await asOrganiser.get(`/admin/donations?fair=${archived.id}`).expect(200)).text;
    expect(row(page, 'board-counties', '砀山县').cells).toEqual(['1', '¥999.00', '¥0.00', '¥123.00', '¥0.00', '¥123.00']);
    expect(page).toContain(`href="/admin/donations/export?fair=${archived.id}"`);
    expect(page).toContain('没有逾期未到账的认捐');
    await asOrganiser.get('/admin/donations?fair=99999999').expect(404);
    await asOrganiser.get('/admin/donations?fair=99999999999').expect(404);
    await asOrganiser.get('/admin/donations?fair=abc').expect(404);
  });

  it('links to the organiser’s other 认领认捐 pages and is in the organiser’s menu', async () => {
    const page = (await asOrganiser.get('/admin/donations')).text;
    for (const href of ['/admin/projects', '/admin/donations/receipts', '/admin/donations/accounts', '/admin/donations/export']) {
      expect(page).toContain(`href="${href}"`);
    }
    expect(page).toContain('<a href="/admin/donations" aria-current="page" class="active">认捐汇总</a>');
  });

  it('is the organiser’s alone', async () => {
    const county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    await county.get('/admin/donations').expect(403);
    await request(t.http).get('/admin/donations').expect(303);
  });
});
