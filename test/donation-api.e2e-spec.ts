import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import type { DonationProject } from '../src/donations/donation-project.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { SessionRecord } from '../src/auth/session.entity';
import { Fair } from '../src/fairs/fair.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { currentFairId, makeCounty } from './support/factories';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

const PROJECT_KEYS = ['id', 'title', 'kind', 'county', 'soughtFen', 'pledgedFen', 'receivedFen', 'disbursedFen', 'status', 'deadline'];
const DONATION_KEYS = ['projectId', 'donor', 'amountFen', 'receivedOn', 'receiptNo'];

describe(`the 认领认捐 JSON API (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let dangshan: County;
  let xiaoxian: County;
  let irrigation: DonationProject;
  let school: DonationProject;
  let draft: DonationProject;
  const get = (path: string, query: Record<string, string> = {}) => request(t.http).get(path).query(query);

  beforeAll(async () => {
    t = await createTestApp();
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    irrigation = await makeProject(t.db, dangshan, { title: '良梨镇梨园节水灌溉', soughtFen: 10_000_000, deadline: '2020-12-31' });
    school = await makeProject(t.db, xiaoxian, { title: '圣泉乡小学图书室', kind: 'education', status: 'funded' });
    draft = await makeProject(t.db, dangshan, { title: '草稿项目', status: 'draft', publishedAt: null });
    await makePledge(t.db, irrigation, { amountFen: 3_000_000 });
    await makeReceipt(t.db, irrigation, dangshan, {
      amountFen: 2_500_000,
      receiptNo: 'JZ-341321-0001',
      receivedOn: '2020-10-16',
      donorName: '宿州市演示商会',
    });
    await makeReceipt(t.db, irrigation, dangshan, { amountFen: 1, receiptNo: 'JZ-341321-0002', voidedAt: new Date(), voidReason: '录错' });
    await makeReceipt(t.db, irrigation, dangshan, {
      amountFen: 50_000,
      receiptNo: 'JZ-341321-0003',
      receivedOn: '2020-10-17',
      donorName: '不愿具名的演示个人',
      anonymous: true,
    });
    await makeReceipt(t.db, null, dangshan, { amountFen: 120_000, receiptNo: 'JZ-341321-0004', receivedOn: '2020-10-15' });
    await makeReceipt(t.db, school, xiaoxian, { amountFen: 2_000_000, receiptNo: 'JZ-341322-0001', receivedOn: '2020-10-14' });
    await makeReceipt(t.db, draft, dangshan, { amountFen: 7_000, receiptNo: 'JZ-341321-0005', receivedOn: '2020-10-13' });
    await makeDisbursement(t.db, irrigation, { amountFen: 600_000 });
  });
  afterAll(() => t?.close());

  it('returns the projects in exactly the shape the issue fixes, with the totals of DonationTotalsService', async () => {
    const res = await get('/api/projects').expect(200).expect('Content-Type', /json/);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 12 });
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual([...PROJECT_KEYS].sort());
    const totals = await t.app.get(DonationTotalsService).ofProject(irrigation.id);
    expect(res.body.items.find((i: { id: number }) => i.id === irrigation.id)).toEqual({
      id: irrigation.id,
      title: '良梨镇梨园节水灌溉',
      kind: 'industry',
      county: { code: '341321', name: '砀山县' },
      soughtFen: 10_000_000,
      pledgedFen: totals.pledgedFen,
      receivedFen: totals.receivedFen,
      disbursedFen: totals.disbursedFen,
      status: 'published',
      deadline: '2020-12-31',
    });
    expect(totals).toEqual({ pledgedFen: 3_000_000, receivedFen: 2_550_000, disbursedFen: 600_000 });
    expect(JSON.stringify(res.body)).not.toContain('草稿项目');
  });

  it('filters projects by county, kind and status and pages them', async () => {
    const ids = async (query: Record<string, string>) =>
      ((await get('/api/projects', query).expect(200)).body.items as { id: number }[]).map((i) => i.id);
    expect(await ids({ county: '341322' })).toEqual([school.id]);
    expect(await ids({ kind: 'industry' })).toEqual([irrigation.id]);
    expect(await ids({ status: 'funded' })).toEqual([school.id]);
    expect(await ids({ county: '341321', status: 'funded' })).toEqual([]);
    const page2 = await get('/api/projects', { pageSize: '1', page: '2' }).expect(200);
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.items).toHaveLength(1);
    // Empty parameters count as absent.
    expect(await ids({ county: '', kind: '', status: '' })).toHaveLength(2);
  });

  it('returns the received donations in exactly the shape the issue fixes, 匿名 where chosen', async () => {
    const res = await get('/api/donations').expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(res.body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual([...DONATION_KEYS].sort());
    expect(res.body.items).toEqual([
      { projectId: irrigation.id, donor: '匿名', amountFen: 50_000, receivedOn: '2020-10-17', receiptNo: 'JZ-341321-0003' },
      { projectId: irrigation.id, donor: '宿州市演示商会', amountFen: 2_500_000, receivedOn: '2020-10-16', receiptNo: 'JZ-341321-0001' },
      { projectId: null, donor: expect.any(String), amountFen: 120_000, receivedOn: '2020-10-15', receiptNo: 'JZ-341321-0004' },
      { projectId: school.id, donor: expect.any(String), amountFen: 2_000_000, receivedOn: '2020-10-14', receiptNo: 'JZ-341322-0001' },
      { projectId: draft.id, donor: expect.any(String), amountFen: 7_000, receivedOn: '2020-10-13', receiptNo: 'JZ-341321-0005' },
    ]);
    const sum = (res.body.items as { amountFen: number }[]).reduce((s, i) => s + i.amountFen, 0);
    expect(sum).toBe((await t.app.get(DonationTotalsService).ofFair(await currentFairId(t.db))).receivedFen);
    expect(JSON.stringify(res.body)).not.toContain('不愿具名的演示个人');
  });

  it('filters donations by county and project', async () => {
    const nos = async (query: Record<string, string>) =>
      ((await get('/api/donations', query).expect(200)).body.items as { receiptNo: string }[]).map((i) => i.receiptNo);
    expect(await nos({ county: '341322' })).toEqual(['JZ-341322-0001']);
    expect(await nos({ project: String(irrigation.id) })).toEqual(['JZ-341321-0003', 'JZ-341321-0001']);
    expect(await nos({ county: '341321', project: String(school.id) })).toEqual([]);
    expect(await nos({ page: '2' })).toEqual([]);
    // A past campaign's project: its own campaign's donations, without ?fair=.
    const past = await t.db.getRepository(Fair).save(t.db.getRepository(Fair).create({ name: '往届', date: '2019-10-17', current: null }));
    const old = await makeProject(t.db, dangshan, { fairId: past.id });
    await makeReceipt(t.db, old, dangshan, { receiptNo: 'JZ-2019-0001' });
    expect(await nos({ project: String(old.id) })).toEqual(['JZ-2019-0001']);
    expect(await nos({ project: String(old.id), fair: String(await currentFairId(t.db)) })).toEqual([]);
  });

  it.each([
    ['/api/projects', { county: '999999' }, 'county（县区代码）999999 不存在'],
    ['/api/projects', { county: '34132' }, 'county（县区代码）应为 6 位数字'],
    ['/api/projects', { kind: 'toys' }, 'kind（项目类别）应为以下之一'],
    ['/api/projects', { status: 'draft' }, 'status（项目状态）应为以下之一'],
    ['/api/projects', { page: '0' }, 'page（页码）应为正整数'],
    ['/api/projects', { page: '100001' }, 'page（页码）不能超过 100000'],
    ['/api/projects', { pageSize: '101' }, 'pageSize（每页条数）不能超过 100'],
    ['/api/projects', { pageSize: 'x' }, 'pageSize（每页条数）应为正整数'],
    ['/api/projects', { fair: '2147483648' }, 'fair（展销会）应为展销会 ID'],
    ['/api/donations', { project: '2147483648' }, 'project（项目）应为项目 ID'],
    ['/api/donations', { project: 'abc' }, 'project（项目）应为项目 ID'],
    ['/api/donations', { county: '000000' }, 'county（县区代码）000000 不存在'],
    ['/api/donations', { page: '-1' }, 'page（页码）应为正整数'],
  ])('refuses %s with %j: 400 and a Chinese message, nothing written', async (path, query, message) => {
    const before = await dbSnapshot(t.db);
    const res = await get(path, query).expect(400);
    expect(res.body.message).toContain(message);
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('answers 404 for the donations of a project that is not public or does not exist, or an unknown fair', async () => {
    expect((await get('/api/donations', { project: String(draft.id) }).expect(404)).body.message).toContain('该项目不存在');
    await get('/api/donations', { project: '99999' }).expect(404);
    await get('/api/projects', { fair: '99999' }).expect(404);
  });

  it('documents both paths in the OpenAPI document', async () => {
    const doc = (await get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/projects', '/api/donations']));
    const projects = doc.paths['/api/projects'].get;
    expect(projects.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'county',
      'fair',
      'kind',
      'page',
      'pageSize',
      'status',
    ]);
    const donations = doc.paths['/api/donations'].get;
    expect(donations.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['county', 'fair', 'page', 'project']);
    for (const op of [projects, donations]) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(Object.keys(doc.components.schemas.ProjectItemDto.properties).sort()).toEqual([...PROJECT_KEYS].sort());
    expect(Object.keys(doc.components.schemas.DonationItemDto.properties).sort()).toEqual([...DONATION_KEYS].sort());
    expect(doc.components.schemas.DonationItemDto.properties.donor.description).toContain('匿名');
  });

  it('starts no session for an API caller', async () => {
    const before = await t.db.getRepository(SessionRecord).count();
    for (const path of ['/api/projects', '/api/donations', '/api/projects?kind=bad']) {
      const res = await get(path);
      expect([path, res.headers['set-cookie'] ?? []]).toEqual([path, []]);
    }
    expect(await t.db.getRepository(SessionRecord).count()).toBe(before);
  });
});
