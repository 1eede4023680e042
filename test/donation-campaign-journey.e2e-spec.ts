import ExcelJS from 'exceljs';
import request from 'supertest';
import { isoDateCst } from '../src/common/dates';
import { fenToChineseCapitals } from '../src/common/money';
import type { County } from '../src/counties/county.entity';
import { DonationProject } from '../src/donations/donation-project.entity';
import { DonationReceipt } from '../src/donations/donation-receipt.entity';
import { Pledge } from '../src/donations/pledge.entity';
import { yuanCellToFen } from '../src/exports/cells';
import { makeBuyerUnit, makeCounty, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, submitForm, type Agent, binary } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/**
 * Issue 12's story through the HTTP stack, as the people in it would go: a county office
 * publishes two projects (after the organiser's review), a person pledges anonymously to one
 * and a school claims the other whole, the county records the money received and prints the
 * receipts, 捐赠公示 and the project page show it (匿名 where chosen), a disbursement shows on
 * the project page, and the organiser's workbook, the public page and the API agree to the fen.
 */
describe(`认领认捐 from project to 公示 (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let dangshan: County;
  let county: Agent;
  let organiser: Agent;
  let school: Agent;
  const today = isoDateCst();
  const inDays = (days: number) => isoDateCst(new Date(Date.now() + days * 86_400_000));
  /** The page's visible text, tags removed, whitespace collapsed. */
  const visible = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ');

  /** The county's project form, as the browser posts it (multipart, the token in the URL). */
  async function createProject(fields: Record<string, string>): Promise<DonationProject> {
    const page = await county.get('/county/projects/new').expect(200);
    let req = county.post(`/county/projects?_csrf=${encodeURIComponent(csrfFrom(page.text))}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    expect((await req).status).toBe(303);
    return t.db.getRepository(DonationProject).findOneByOrFail({ title: fields.title });
  }

  /** The county submits, the organiser approves: the project is public. */
  async function publish(project: DonationProject): Promise<void> {
    const own = `/county/projects/${project.id}`;
    expect((await submitForm(county, own, `${own}/submit`, {})).status).toBe(303);
    const review = `/admin/projects/${project.id}`;
    expect((await submitForm(organiser, review, `${review}/approve`, {})).status).toBe(303);
    expect((await t.db.getRepository(DonationProject).findOneByOrFail({ id: project.id })).status).toBe('published');
  }

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    const unit = await makeBuyerUnit(t.db, { name: '宿州市第一中学' });
    school = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
  });
  afterAll(() => t?.close());

  it('publishes, pledges, receives, prints, discloses and accounts for the money, the same to the fen everywhere', async () => {
    const common = {
      village: '',
      goodsSought: '',
      beneficiaryHouseholds: '46',
      beneficiaryPeople: '152',
      contactOffice: '砀山县扶贫开发领导小组办公室',
      contactPhone: '0557-8021234',
      deadline: inDays(60),
      acceptsUndirected: 'on',
      description: '由村集体经营，收益用于带贫分红。',
    };
    const coldStore = await createProject({
      ...common,
      title: '良梨镇酥梨冷库建设',
      kind: 'industry',
      township: '良梨镇',
      amount: '100000',
      claimMode: 'shares',
    });
    const canteen = await createProject({
      ...common,
      title: '唐寨镇小学食堂改造',
      kind: 'education',
      township: '唐寨镇',
      amount: '80000',
      claimMode: 'whole',
    });
    // Not public before the review.
    await request(t.http).get(`/projects/${coldStore.id}`).expect(404);
    await publish(coldStore);
    await publish(canteen);
    const list = visible((await request(t.http).get('/projects').expect(200)).text);
    expect(list).toContain('良梨镇酥梨冷库建设');
    expect(list).toContain('唐寨镇小学食堂改造');

    // A person pledges ¥2,000 anonymously, through the public form, without an account.
    const visitor = browser(t.http);
    const form = await visitor.get(`/projects/${coldStore.id}/pledge`).expect(200);
    const pledged = await visitor
      .post(`/projects/${coldStore.id}/pledge`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        donorKind: 'person',
        donorName: '张爱心',
        donorPhone: '13800138000',
        publicity: 'anonymous',
        amount: '2000',
      });
    expect(pledged.status).toBe(303);
    const pledgePage = visible((await visitor.get(pledged.headers.location).expect(200)).text);
    const anonymousPledge = await t.db.getRepository(Pledge).findOneByOrFail({ donorName: '张爱心' });
    expect(anonymousPledge).toMatchObject({ anonymous: true, amountFen: 200_000, projectId: coldStore.id });
    expect(pledgePage).toContain(anonymousPledge.pledgeNo);

    // The school claims the canteen whole (认领), from its account.
    const claimed = await submitForm(school, `/projects/${canteen.id}/pledge`, `/projects/${canteen.id}/pledge`, {
      donorPhone: '13900000001',
      publicity: 'named',
    });
    expect(claimed.status).toBe(303);
    const claim = await t.db.getRepository(Pledge).findOneByOrFail({ projectId: canteen.id });
    expect(claim).toMatchObject({ claim: true, donorName: '宿州市第一中学', amountFen: 8_000_000 });
    expect((await t.db.getRepository(DonationProject).findOneByOrFail({ id: canteen.id })).claimedByPledgeId).toBe(claim.id);

    // Nothing counts as given until the county records the money as received.
    const before = (await request(t.http).get('/api/projects').expect(200)).body as { items: { id: number; receivedFen: number }[] };
    expect(before.items.find((p) => p.id === coldStore.id)!.receivedFen).toBe(0);

    const NEW = '/county/donations/receipts/new';
    const record = (fields: Record<string, string>) => submitForm(county, NEW, '/county/donations/receipts', fields);
    expect(
      (await record({ pledgeId: String(anonymousPledge.id), amount: '2000', receivedOn: today, bankReference: 'NB-001' })).status,
    ).toBe(303);
    expect((await record({ pledgeId: String(claim.id), amount: '80000', receivedOn: today, bankReference: 'NB-002' })).status).toBe(303);
    const receipts = await t.db.getRepository(DonationReceipt).find({ order: { id: 'ASC' } });
    const year = today.slice(0, 4);
    expect(receipts.map((r) => r.receiptNo)).toEqual([`JZ-341321-${year}-00001`, `JZ-341321-${year}-00002`]);

    // The receipt prints with its number and the amount in capitals.
    const printed = visible((await county.get(`/county/donations/receipts/${receipts[0].id}/print`).expect(200)).text);
    expect(printed).toContain(receipts[0].receiptNo);
    expect(printed).toContain(fenToChineseCapitals(200_000));
    expect(printed).toContain('¥2,000.00');

    // 捐赠公示 shows both, the anonymous one as 匿名; the donor's name and phone nowhere.
    const gongshi = (await request(t.http).get('/gongshi/donations').expect(200)).text;
    expect(visible(gongshi)).toContain(receipts[0].receiptNo);
    expect(visible(gongshi)).toContain('匿名');
    expect(visible(gongshi)).toContain('宿州市第一中学');
    for (const page of [gongshi, (await request(t.http).get(`/projects/${coldStore.id}`).expect(200)).text]) {
      expect(page).not.toContain('张爱心');
      expect(page).not.toContain('13800138000');
    }

    // The county records how part of it was used; the project page shows received, disbursed and the payment.
    const usePage = `/county/projects/${coldStore.id}/disbursements`;
    const token = csrfFrom((await county.get(usePage).expect(200)).text);
    const used = await county
      .post(`${usePage}?_csrf=${encodeURIComponent(token)}`)
      .field('amount', '500')
      .field('paidOn', today)
      .field('payee', '良梨镇演示果业专业合作社')
      .field('purpose', '冷库保温材料');
    expect(used.status).toBe(303);
    const projectPage = visible((await request(t.http).get(`/projects/${coldStore.id}`).expect(200)).text);
    for (const text of ['¥2,000.00', '¥500.00', '冷库保温材料', '良梨镇演示果业专业合作社', receipts[0].receiptNo]) {
      expect(projectPage).toContain(text);
    }

    // The API says what the pages say.
    const projects = (await request(t.http).get('/api/projects').expect(200)).body as {
      items: Record<string, unknown>[];
      total: number;
    };
    expect(projects.total).toBe(2);
    const coldStoreApi = projects.items.find((p) => p.id === coldStore.id)!;
    expect(Object.keys(coldStoreApi).sort()).toEqual(
      ['county', 'deadline', 'disbursedFen', 'id', 'kind', 'pledgedFen', 'receivedFen', 'soughtFen', 'status', 'title'].sort(),
    );
    expect(coldStoreApi).toMatchObject({
      county: { code: '341321', name: '砀山县' },
      soughtFen: 10_000_000,
      pledgedFen: 200_000,
      receivedFen: 200_000,
      disbursedFen: 50_000,
    });
    const donations = (await request(t.http).get('/api/donations').expect(200)).body as {
      items: { projectId: number | null; donor: string; amountFen: number; receiptNo: string }[];
    };
    expect(donations.items.map((d) => [d.receiptNo, d.donor, d.amountFen]).sort()).toEqual(
      [
        [receipts[0].receiptNo, '匿名', 200_000],
        [receipts[1].receiptNo, '宿州市第一中学', 8_000_000],
      ].sort(),
    );

    // The organiser's workbook totals equal the public page's and the API's, to the fen.
    const res = await organiser.get('/admin/donations/export').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const summary = wb.getWorksheet('汇总')!;
    let totalRow: unknown[] = [];
    summary.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[0] === '合计') totalRow = values;
    });
    const [pledgedFen, receivedFen, disbursedFen] = totalRow.slice(5, 8).map((v) => yuanCellToFen(v));
    const apiReceived = donations.items.reduce((s, d) => s + d.amountFen, 0);
    expect(receivedFen).toBe(apiReceived);
    expect(receivedFen).toBe(8_200_000);
    expect(pledgedFen).toBe(8_200_000);
    expect(disbursedFen).toBe(50_000);
    // 公示's own 合计 line shows the same received figure.
    expect(visible(gongshi)).toContain('¥82,000.00');
  });
});
