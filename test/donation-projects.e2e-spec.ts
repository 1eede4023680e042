import type { Response } from 'supertest';
import { AuditLog } from '../src/audit/audit-log.entity';
import { isoDateCst } from '../src/common/dates';
import type { County } from '../src/counties/county.entity';
import { DonationProject } from '../src/donations/donation-project.entity';
import { DONATION_TEXT_LIMITS as L } from '../src/donations/donation-limits';
import { ProjectsService } from '../src/donations/projects/projects.service';
import { VISITOR_ACTOR } from '../src/objections/objections.service';
import { Fair } from '../src/fairs/fair.entity';
import { makePledge, makeProject } from './support/donation-factories';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeCounty, makeUser } from './support/factories';
import { csrfFrom, signedIn, type Agent } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';
import { PNG } from './support/uploads';

/** A date `days` from today in China's calendar, as the date input sends it. */
const inDays = (days: number) => isoDateCst(new Date(Date.now() + days * 86_400_000));

/** A complete project form of 砀山县 as the browser posts it (multipart). */
const validForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  title: '良梨镇酥梨冷库建设',
  kind: 'industry',
  township: '良梨镇',
  village: '良梨村',
  amount: '128000.50',
  goodsSought: '',
  beneficiaryHouseholds: '46',
  beneficiaryPeople: '152',
  contactOffice: '砀山县扶贫开发领导小组办公室',
  contactPhone: '0557-8021234',
  deadline: inDays(60),
  claimMode: 'shares',
  acceptsUndirected: 'on',
  description: '建设 500 吨冷库一座，延长酥梨销售期。\n由村集体经营，收益用于带贫分红。',
  ...overrides,
});

describe('认领认捐 projects: the county office and the organiser’s review', () => {
  let t: TestApp;
  let county: County;
  let otherCounty: County;
  let asCounty: Agent;
  let asOtherCounty: Agent;
  let asOrganiser: Agent;

  /** Posts the multipart form as the browser does (token in the URL, from the form page). */
  async function postForm(agent: Agent, action: string, fields: Record<string, string>, image?: Buffer): Promise<Response> {
    const page = await agent.get(action === '/county/projects' ? '/county/projects/new' : '/county/projects');
    let req = agent.post(`${action}?_csrf=${encodeURIComponent(csrfFrom(page.text))}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (image) req = req.attach('image', image, 'photo.png');
    return req;
  }

  /** Posts a urlencoded form with the CSRF token of `page`. */
  async function post(agent: Agent, page: string, action: string, fields: Record<string, string> = {}): Promise<Response> {
    const token = csrfFrom((await agent.get(page)).text);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: token, ...fields });
  }

  const reload = (id: number) => t.db.getRepository(DonationProject).findOneByOrFail({ id });
  const auditActions = async (id: number) =>
    (
      await t.db.getRepository(AuditLog).find({ where: { entityType: 'donation_project', entityId: String(id) }, order: { id: 'ASC' } })
    ).map((a) => a.action);

  beforeAll(async () => {
    t = await createTestApp();
    county = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    otherCounty = await makeCounty(t.db, { code: '341322', name: '萧县' });
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: county.id })).username);
    asOtherCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: otherCounty.id })).username);
    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
  });
  afterAll(() => t?.close());

  it('goes from draft through review, return, publication and the later statuses, every step audited', async () => {
    // The county saves a draft with an image.
    const created = await postForm(asCounty, '/county/projects', validForm(), PNG);
    expect(created.status).toBe(303);
    const project = await t.db.getRepository(DonationProject).findOneByOrFail({ title: '良梨镇酥梨冷库建设' });
    expect(project).toMatchObject({
      countyId: county.id,
      status: 'draft',
      soughtFen: 12_800_050,
      goodsSought: null,
      beneficiaryHouseholds: 46,
      claimMode: 'shares',
      acceptsUndirected: true,
      contactPhone: '0557-8021234',
    });
    expect(project.imageKey).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(created.headers.location).toBe(`/county/projects/${project.id}`);
    const list = await asCounty.get('/county/projects').expect(200);
    expect(list.text).toContain('良梨镇酥梨冷库建设');
    expect(list.text).toContain('¥128,000.50');
    expect(list.text).toContain('草稿');

    // Submitted, taken back to draft, submitted again.
    const page = `/county/projects/${project.id}`;
    expect((await post(asCounty, page, `${page}/submit`)).status).toBe(303);
    expect((await reload(project.id)).status).toBe('pending');
    // While it waits for review the county cannot edit it.
    expect((await asCounty.get(`${page}/edit`)).status).toBe(409);
    expect((await post(asCounty, page, `${page}/withdraw`)).status).toBe(303);
    expect((await reload(project.id)).status).toBe('draft');
    await post(asCounty, page, `${page}/submit`);

    // The organiser's queue lists it (and filters by county and kind).
    const queue = await asOrganiser.get('/admin/projects').expect(200);
    expect(queue.text).toContain('良梨镇酥梨冷库建设');
    expect((await asOrganiser.get('/admin/projects?county=341322').expect(200)).text).not.toContain('良梨镇酥梨冷库建设');
    expect((await asOrganiser.get('/admin/projects?kind=education').expect(200)).text).not.toContain('良梨镇酥梨冷库建设');
    expect((await asOrganiser.get('/admin/projects?county=341321&kind=industry').expect(200)).text).toContain('良梨镇酥梨冷库建设');

    // Returning asks first, and nothing changes until confirmed.
    const review = `/admin/projects/${project.id}`;
    const reviewPage = await asOrganiser.get(review).expect(200);
    expect(reviewPage.text).toContain('审核通过并发布');
    expect(reviewPage.text).not.toContain('公开页面仍显示');
    const before = await dbSnapshot(t.db);
    const ask = await post(asOrganiser, review, `${review}/return`, { reason: '请补充冷库选址和运营方案' });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('确认退回');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
    const returned = await post(asOrganiser, review, `${review}/return`, { reason: '请补充冷库选址和运营方案', confirmed: '1' });
    expect(returned.status).toBe(303);
    expect(await reload(project.id)).toMatchObject({ status: 'returned', returnReason: '请补充冷库选址和运营方案' });
    expect((await asCounty.get(page).expect(200)).text).toContain('请补充冷库选址和运营方案');

    // The county changes it (every field while returned) and submits again; the organiser approves.
    const edited = await postForm(asCounty, page, validForm({ title: '良梨镇酥梨冷库建设（二期）', amount: '150000' }));
    expect(edited.status).toBe(303);
    await post(asCounty, page, `${page}/submit`);
    expect((await post(asOrganiser, review, `${review}/approve`)).status).toBe(303);
    const published = await reload(project.id);
    expect(published).toMatchObject({
      status: 'published',
      title: '良梨镇酥梨冷库建设（二期）',
      soughtFen: 15_000_000,
      returnReason: null,
    });
    expect(published.publishedAt).toBeInstanceOf(Date);

    // Published: description, contact and deadline may change at once; the rest stays as approved.
    const deadline = inDays(90);
    const corrected = await postForm(
      asCounty,
      page,
      validForm({ title: '改过的名称', amount: '1', description: '已确定选址。', deadline }),
    );
    expect(corrected.status).toBe(303);
    expect(await reload(project.id)).toMatchObject({
      status: 'published',
      title: '良梨镇酥梨冷库建设（二期）',
      soughtFen: 15_000_000,
      description: '已确定选址。',
      deadline,
    });
    expect((await asCounty.get(`${page}/edit`).expect(200)).text).toContain('只能修改项目说明、联系方式、截止日期和图片');

    // Later statuses, each after a confirmation; an impossible change is refused.
    expect((await post(asOrganiser, review, `${review}/status`, { status: 'funded' })).text).toContain('确认改为“已筹满”');
    expect((await reload(project.id)).status).toBe('published');
    expect((await post(asOrganiser, review, `${review}/status`, { status: 'funded', confirmed: '1' })).status).toBe(303);
    expect((await post(asOrganiser, review, `${review}/status`, { status: 'closed', confirmed: '1' })).status).toBe(303);
    const snapshot = await dbSnapshot(t.db);
    const refused = await post(asOrganiser, review, `${review}/status`, { status: 'funded', confirmed: '1' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('不能改为“已筹满”');
    expect(snapshotDiff(snapshot, await dbSnapshot(t.db))).toEqual([]);
    // A closed project is the county's to read only.
    expect((await postForm(asCounty, page, validForm())).status).toBe(409);

    expect(await auditActions(project.id)).toEqual([
      'project.create',
      'project.submit',
      'project.withdraw',
      'project.submit',
      'project.return',
      'project.update',
      'project.submit',
      'project.approve',
      'project.update',
      'project.status',
      'project.status',
    ]);
    const log = await asOrganiser.get('/admin/audit').expect(200);
    expect(log.text).toContain('退回项目');
    expect(log.text).toContain('认领认捐项目');
    expect(log.text).toContain('所需金额');
    expect(log.text).toContain('¥150,000.00');
  });

  it('takes a goods project without an amount or undirected money, and drops items from a project of another kind', async () => {
    // The box unticked: a browser sends no field at all.
    const { acceptsUndirected: _ticked, ...unticked } = validForm({
      title: '冬衣捐赠',
      kind: 'goods',
      amount: '',
      goodsSought: '冬衣 200 件\n棉被 80 床',
    });
    const res = await postForm(asCounty, '/county/projects', unticked);
    expect(res.status).toBe(303);
    expect(await t.db.getRepository(DonationProject).findOneByOrFail({ title: '冬衣捐赠' })).toMatchObject({
      soughtFen: null,
      goodsSought: '冬衣 200 件\n棉被 80 床',
      // An unticked box: undirected fund money does not go to it.
      acceptsUndirected: false,
    });
    await postForm(asCounty, '/county/projects', validForm({ title: '助学金', kind: 'education', goodsSought: '书包' }));
    expect(await t.db.getRepository(DonationProject).findOneByOrFail({ title: '助学金' })).toMatchObject({ goodsSought: null });
  });

  const badInputs: [string, string, string][] = [
    ['amount', '0', '所需金额应为大于 0 的金额'],
    ['amount', '-5', '所需金额应为大于 0 的金额'],
    ['amount', '12.345', '所需金额应为大于 0 的金额'],
    ['amount', '100000000.01', '不超过 100,000,000 元'],
    ['amount', '', '请填写所需金额'],
    ['deadline', '2020-10-17', '截止日期不能早于今天'],
    ['deadline', '2026-02-30', '截止日期格式应为'],
    ['title', '', '请填写项目名称'],
    ['township', '', '请填写所在乡镇'],
    ['description', '', '请填写项目说明'],
    ['contactOffice', '', '请填写联系单位'],
    ['title', 'x'.repeat(61), '项目名称不能超过60个字符'],
    ['description', 'x'.repeat(2001), '项目说明不能超过2000个字符'],
    ['goodsSought', 'x'.repeat(501), '所需物资不能超过500个字符'],
    ['kind', 'weapons', '项目类别应为以下之一'],
    ['claimMode', 'half', '认领方式应为'],
    ['contactPhone', '12345', '联系电话应为'],
    ['beneficiaryPeople', '-3', '受益人数不能为负数'],
  ];
  // Long values are named by their length in the test's title.
  it.each(badInputs.map(([field, value, message]) => [field, value.length > 20 ? `${value.length} 个字符` : `“${value}”`, value, message]))(
    'refuses %s = %s, keeps what was typed and writes nothing',
    async (field, _shown, value, message) => {
      const before = await dbSnapshot(t.db, t.config.dataDir);
      const res = await postForm(asCounty, '/county/projects', validForm({ title: '拒收测试项目', [field]: value }), PNG);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('value="良梨村"');
      if (field !== 'title') expect(res.text).toContain('value="拒收测试项目"');
      expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
    },
  );

  it('gives each input the same length limit the server holds it to', async () => {
    const html = (await asCounty.get('/county/projects/new').expect(200)).text;
    for (const [field, limit] of Object.entries({
      title: L.title,
      township: L.township,
      village: L.village,
      goodsSought: L.goodsSought,
      description: L.description,
      contactOffice: L.contactOffice,
      contactPhone: L.contactPhone,
    })) {
      expect([field, new RegExp(`id="${field}" name="${field}"[^>]* maxlength="(\\d+)"`).exec(html)?.[1]]).toEqual([field, String(limit)]);
    }
  });

  it('refuses a goods project without its items', async () => {
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await postForm(asCounty, '/county/projects', validForm({ kind: 'goods', amount: '', goodsSought: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('物资类项目请填写所需物资及数量');
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('refuses a past deadline on a published project’s correction too', async () => {
    const project = await makeProject(t.db, county, { title: '已发布的改期项目' });
    const before = await dbSnapshot(t.db);
    const res = await postForm(asCounty, `/county/projects/${project.id}`, validForm({ deadline: '2020-01-01' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('截止日期不能早于今天');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('never shows or changes another county’s project', async () => {
    const theirs = await makeProject(t.db, otherCounty, { title: '萧县的草稿项目', status: 'draft', publishedAt: null });
    const path = `/county/projects/${theirs.id}`;
    const before = await dbSnapshot(t.db, t.config.dataDir);
    for (const url of [path, `${path}/edit`]) {
      const res = await asCounty.get(url);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('萧县的草稿项目');
    }
    expect((await postForm(asCounty, path, validForm())).status).toBe(403);
    expect((await post(asCounty, '/county/projects', `${path}/submit`)).status).toBe(403);
    expect((await asCounty.get('/county/projects')).text).not.toContain('萧县的草稿项目');
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
    // Its own office sees it.
    expect((await asOtherCounty.get(path).expect(200)).text).toContain('萧县的草稿项目');
  });

  it.each(['4294967296', '99999999999', '0', '1e3', '00001'])('answers the id %s with 404, not a server error', async (id) => {
    expect((await asCounty.get(`/county/projects/${id}`)).status).toBe(404);
    expect((await asCounty.get(`/county/projects/${id}/edit`)).status).toBe(404);
    expect((await asOrganiser.get(`/admin/projects/${id}`)).status).toBe(404);
    expect((await post(asOrganiser, '/admin/projects', `/admin/projects/${id}/approve`)).status).toBe(404);
    expect((await post(asCounty, '/county/projects', `/county/projects/${id}/submit`)).status).toBe(404);
  });

  it('keeps an archived fair’s projects read-only', async () => {
    const archived = await t.db
      .getRepository(Fair)
      .save(t.db.getRepository(Fair).create({ name: '宿州市2019年扶贫日展销会', date: '2019-10-17', status: 'archived', current: null }));
    const old = await makeProject(t.db, county, { title: '上届草稿项目', fairId: archived.id, status: 'draft', publishedAt: null });
    const pending = await makeProject(t.db, county, { title: '上届待审核项目', fairId: archived.id, status: 'pending', publishedAt: null });
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const edit = await postForm(asCounty, `/county/projects/${old.id}`, validForm());
    expect(edit.status).toBe(409);
    expect(edit.text).toContain('已归档');
    expect((await post(asCounty, '/county/projects', `/county/projects/${old.id}/submit`)).status).toBe(409);
    expect((await post(asOrganiser, '/admin/projects', `/admin/projects/${pending.id}/approve`)).status).toBe(409);
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('refuses a file that is not an image beside the field, keeping the form and writing nothing', async () => {
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await postForm(asCounty, '/county/projects', validForm({ title: '图片测试项目' }), Buffer.from('GIF89a not really'));
    expect(res.status).toBe(422);
    expect(res.text).toContain('图片应为 JPEG、PNG 或 WebP 格式');
    expect(res.text).toContain('value="图片测试项目"');
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
  });

  it('escapes what a county typed, and returns a project only with a reason', async () => {
    await postForm(asCounty, '/county/projects', validForm({ title: '<script>alert(1)</script>' }));
    const project = await t.db.getRepository(DonationProject).findOneByOrFail({ title: '<script>alert(1)</script>' });
    await post(asCounty, `/county/projects/${project.id}`, `/county/projects/${project.id}/submit`);
    const page = await asOrganiser.get('/admin/projects').expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const review = `/admin/projects/${project.id}`;
    const before = await dbSnapshot(t.db);
    const res = await post(asOrganiser, review, `${review}/return`, { reason: '  ', confirmed: '1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请填写退回原因，县区会看到它');
    expect(snapshotDiff(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('lists an earlier fair’s projects for reading, without the way to add one', async () => {
    const earlier = await t.db
      .getRepository(Fair)
      .save(t.db.getRepository(Fair).create({ name: '宿州市2018年扶贫日展销会', date: '2018-10-17', status: 'finished', current: null }));
    await makeProject(t.db, county, { title: '2018年的助学项目', fairId: earlier.id });
    expect((await asCounty.get('/county/projects').expect(200)).text).not.toContain('2018年的助学项目');
    const old = await asCounty.get(`/county/projects?fair=${earlier.id}`).expect(200);
    expect(old.text).toContain('2018年的助学项目');
    expect(old.text).not.toContain('新增项目');
    expect((await asOrganiser.get(`/admin/projects?fair=${earlier.id}&status=all`).expect(200)).text).toContain('2018年的助学项目');
    expect((await asCounty.get('/county/projects?fair=99999999999')).status).toBe(404);
  });

  it('lets the pledges part claim a whole project once, and free it again, audited', async () => {
    const projects = t.app.get(ProjectsService);
    const project = await makeProject(t.db, county, { claimMode: 'whole' });
    const pledge = await makePledge(t.db, project, { claim: true });
    await t.db.transaction(async (m) => {
      const locked = await projects.lockPledgeable(project.id, m);
      await projects.markClaimed(VISITOR_ACTOR, locked, pledge.id, m);
    });
    expect((await reload(project.id)).claimedByPledgeId).toBe(pledge.id);
    await expect(t.db.transaction((m) => projects.lockPledgeable(project.id, m))).rejects.toThrow('该项目已被认领，不再接受认捐');
    const shares = await makeProject(t.db, county);
    await expect(
      t.db.transaction(async (m) => projects.markClaimed(VISITOR_ACTOR, await projects.lockPledgeable(shares.id, m), pledge.id, m)),
    ).rejects.toThrow('该项目为分份认捐，不能整体认领');
    await t.db.transaction((m) => projects.releaseClaim(VISITOR_ACTOR, project.id, pledge.id, m));
    expect((await reload(project.id)).claimedByPledgeId).toBeNull();
    expect(await auditActions(project.id)).toEqual(['project.claim', 'project.unclaim']);
    const draft = await makeProject(t.db, county, { status: 'draft', publishedAt: null });
    await expect(t.db.transaction((m) => projects.lockPledgeable(draft.id, m))).rejects.toThrow('项目不存在或已被删除');
  });

  it('tells the pledges part whether a project is public and may take a pledge', async () => {
    const projects = t.app.get(ProjectsService);
    const draft = await makeProject(t.db, county, { status: 'draft', publishedAt: null });
    const open = await makeProject(t.db, county);
    expect(await projects.findPublic(draft.id)).toBeNull();
    expect((await projects.findPublic(open.id))?.county?.name).toBe('砀山县');
    expect(() => projects.assertPledgeable(open)).not.toThrow();
    expect(() => projects.assertPledgeable(draft)).toThrow('该项目不存在或已被删除');
    expect(() => projects.assertPledgeable({ ...open, status: 'funded' })).toThrow('该项目已筹满，不再接受认捐');
    expect(() => projects.assertPledgeable({ ...open, deadline: '2020-10-17' })).toThrow(
      expect.objectContaining({ code: 'DEADLINE_PASSED', message: expect.stringContaining('2020年10月17日') }),
    );
    // The deadline day itself still counts.
    expect(() => projects.assertPledgeable({ ...open, deadline: isoDateCst() })).not.toThrow();
    expect(() => projects.assertPledgeable({ ...open, claimedByPledgeId: 7 })).toThrow('该项目已被认领，不再接受认捐');
  });
});
