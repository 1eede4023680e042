import { AuditLog } from '../src/audit/audit-log.entity';
import type { County } from '../src/counties/county.entity';
import { Disbursement } from '../src/donations/disbursement.entity';
import { DisbursementsService } from '../src/donations/disbursements/disbursements.service';
import type { DonationProject } from '../src/donations/donation-project.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { Fair } from '../src/fairs/fair.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import { makeDisbursement, makeProject, makeReceipt } from './support/donation-factories';
import { makeBuyerUnit, makeCounty, makeUser } from './support/factories';
import { browser, csrfFrom, signedIn, type Agent } from './support/http';
import { storedKeys } from './support/stored-blobs';
import { binary, JPEG, PDF, PNG } from './support/summary-files';
import { createTestApp, type TestApp } from './support/test-app';

/** An .exe (its "MZ" header and DOS stub) renamed to .pdf. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.from('This program cannot be run in DOS mode.')]);

describe('资金使用: a county’s disbursements out of a project’s received donations', () => {
  let t: TestApp;
  let countyX: County;
  let countyY: County;
  let x: Agent;
  let y: Agent;
  let organiser: Agent;
  let buyer: Agent;
  /** County X's project with ¥5,000.00 received (two receipts, one voided ¥1,000 not counted). */
  let funded: DonationProject;
  /** County X's published project with nothing received yet. */
  let unfunded: DonationProject;

  beforeAll(async () => {
    t = await createTestApp();
    countyX = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    countyY = await makeCounty(t.db, { code: '341322', name: '萧县' });
    x = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyX.id })).username);
    y = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: countyY.id })).username);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    const unit = await makeBuyerUnit(t.db, { name: '甲中学' });
    buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    funded = await makeProject(t.db, countyX, { title: '良梨镇酥梨产业园滴灌项目' });
    unfunded = await makeProject(t.db, countyX, { title: '唐寨镇村小图书角' });
    await makeReceipt(t.db, funded, countyX, { amountFen: 300_000 });
    await makeReceipt(t.db, funded, countyX, { amountFen: 200_000 });
    await makeReceipt(t.db, funded, countyX, { amountFen: 100_000, voidedAt: new Date(), voidReason: '重复登记' });
  });
  afterAll(() => t?.close());

  const pageOf = (p: DonationProject | number) => `/county/projects/${typeof p === 'number' ? p : p.id}/disbursements`;
  const totalsOf = (p: DonationProject) => t.app.get(DonationTotalsService).ofProject(p.id);
  const rowsOf = (p: DonationProject) => t.db.getRepository(Disbursement).find({ where: { projectId: p.id }, order: { id: 'ASC' } });

  /** A complete form; `fields` override it (undefined leaves a field out). */
  const form = (fields: Record<string, string | undefined> = {}) =>
    Object.entries({
      amount: '1200.50',
      paidOn: '2020-11-02',
      payee: '良梨镇演示果业专业合作社',
      purpose: '购买滴灌管材 300 米',
      ...fields,
    }).filter((e): e is [string, string] => e[1] !== undefined);

  /** Posts the page's multipart form (token in the URL, as the page's action has it), with an optional voucher. */
  async function record(agent: Agent, projectId: number, fields: Record<string, string | undefined> = {}, file?: [Buffer, string]) {
    const page = await agent.get(pageOf(projectId));
    const token = page.status === 200 ? csrfFrom(page.text) : csrfFrom((await agent.get('/login')).text);
    let req = agent.post(`${pageOf(projectId)}?_csrf=${encodeURIComponent(token)}`);
    for (const [k, v] of form(fields)) req = req.field(k, v);
    if (file) req = req.attach('attachment', file[0], file[1]);
    return req;
  }

  /** Runs `send`, expects `status` and `message`, and that nothing in the database or the file storage changed. */
  async function refused(send: () => Promise<{ status: number; text: string }>, status: number, message: string) {
    const before = await dbSnapshot(t.db, t.config.dataDir);
    const res = await send();
    expect({ status: res.status, hasMessage: res.text.includes(message) }).toEqual({ status, hasMessage: true });
    expect(snapshotDiff(before, await dbSnapshot(t.db, t.config.dataDir))).toEqual([]);
    return res;
  }

  it('shows the county its project’s received, disbursed and balance, and the form', async () => {
    const page = await x.get(pageOf(funded));
    expect(page.status).toBe(200);
    expect(page.text).toContain('良梨镇酥梨产业园滴灌项目');
    expect(page.text).toContain('¥5,000.00'); // received, the voided receipt left out
    expect(page.text).toContain('还没有登记资金使用');
    expect(page.text).toContain('登记资金使用');
    expect(page.text).toContain('href="/county/projects"');
  });

  it('records a disbursement without a voucher, audited, and the totals follow', async () => {
    const res = await record(x, funded.id);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(pageOf(funded));
    const [row] = await rowsOf(funded);
    expect([row.amountFen, row.paidOn, row.payee, row.purpose, row.countyId, row.attachmentKey]).toEqual([
      120_050,
      '2020-11-02',
      '良梨镇演示果业专业合作社',
      '购买滴灌管材 300 米',
      countyX.id,
      null,
    ]);
    expect(await totalsOf(funded)).toMatchObject({ receivedFen: 500_000, disbursedFen: 120_050 });
    const audit = await t.db.getRepository(AuditLog).findOneByOrFail({ action: 'disbursement.create', entityId: String(row.id) });
    expect(audit.changes).toMatchObject({ amountFen: { before: null, after: 120_050 }, payee: { after: '良梨镇演示果业专业合作社' } });
    const page = await x.get(pageOf(funded));
    expect(page.text).toContain('已登记支付给“良梨镇演示果业专业合作社”的 ¥1,200.50');
    expect(page.text).toContain('¥3,799.50'); // the balance
    expect(page.text).toContain('2020年11月2日');
  });

  it('records one with a PDF voucher that the county and the organiser download, and nobody else', async () => {
    const keysBefore = await storedKeys(t, 'vouchers');
    const res = await record(x, funded.id, { amount: '800', payee: '演示农资公司', purpose: '滴灌设备安装' }, [
      PDF,
      '转账回单（11月3日）.pdf',
    ]);
    expect(res.status).toBe(303);
    const row = (await rowsOf(funded)).at(-1)!;
    expect([row.attachmentName, row.attachmentType]).toEqual(['转账回单（11月3日）.pdf', 'pdf']);
    expect(await storedKeys(t, 'vouchers')).toEqual([...keysBefore, row.attachmentKey].sort());
    const url = `${pageOf(funded)}/${row.id}/attachment`;
    for (const agent of [x, organiser]) {
      const download = await agent.get(url).buffer(true).parse(binary);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('转账回单')}`);
      expect((download.body as Buffer).equals(PDF)).toBe(true);
    }
    expect((await y.get(url)).status).toBe(404);
    expect((await buyer.get(url)).status).toBe(403);
    const anonymous = await browser(t.http).get(url);
    expect([anonymous.status, anonymous.headers.location]).toEqual([303, `/login?next=${encodeURIComponent(url)}`]);
    // A disbursement without a voucher has nothing to download; another project's id does not reach it.
    const [first] = await rowsOf(funded);
    expect((await x.get(`${pageOf(funded)}/${first.id}/attachment`)).status).toBe(404);
    expect((await x.get(`${pageOf(unfunded)}/${row.id}/attachment`)).status).toBe(404);
    expect((await x.get(pageOf(funded))).text).toContain(`href="${url}"`);
  });

  it('takes JPEG and PNG vouchers too', async () => {
    expect((await record(x, funded.id, { amount: '10', purpose: '邮寄费' }, [JPEG, '回单.jpg'])).status).toBe(303);
    expect((await record(x, funded.id, { amount: '10', purpose: '复印费' }, [PNG, '回单.png'])).status).toBe(303);
    expect((await rowsOf(funded)).slice(-2).map((r) => r.attachmentType)).toEqual(['jpeg', 'png']);
  });

  it('publishes only date, payee, purpose and amount through forProject', async () => {
    const list = await t.app.get(DisbursementsService).forProject(funded.id);
    expect(list).toHaveLength(4);
    expect(Object.keys(list[0]).sort()).toEqual(['amountFen', 'id', 'paidOn', 'payee', 'projectId', 'purpose']);
    expect(list.reduce((s, d) => s + d.amountFen, 0)).toBe((await totalsOf(funded)).disbursedFen);
    expect(await t.app.get(DisbursementsService).forProject(unfunded.id)).toEqual([]);
  });

  it('refuses a disbursement above the balance, with or without a voucher, writing nothing', async () => {
    const { receivedFen, disbursedFen } = await totalsOf(funded);
    const over = ((receivedFen - disbursedFen + 1) / 100).toFixed(2);
    const res = await refused(() => record(x, funded.id, { amount: over }), 409, '超过了该项目的余额 ¥2,979.50');
    expect(res.text).toContain('良梨镇演示果业专业合作社'); // the typed values are kept
    await refused(() => record(x, funded.id, { amount: over }, [PDF, '回单.pdf']), 409, '超过了该项目的余额');
    await refused(() => record(x, unfunded.id), 409, '该项目还没有到账的捐款');
  });

  it('lets exactly one of two disbursements recorded at the same moment through when together they exceed the balance', async () => {
    const project = await makeProject(t.db, countyX, { title: '并发测试项目' });
    await makeReceipt(t.db, project, countyX, { amountFen: 100_000 });
    const keysBefore = await storedKeys(t, 'vouchers');
    // Both forms are loaded first, so the two posts leave together.
    const token = csrfFrom((await x.get(pageOf(project))).text);
    const post = (payee: string) =>
      x
        .post(`${pageOf(project)}?_csrf=${encodeURIComponent(token)}`)
        .field('amount', '600')
        .field('paidOn', '2020-11-05')
        .field('payee', payee)
        .field('purpose', '并发登记')
        .attach('attachment', PDF, `${payee}.pdf`);
    const results = await Promise.all([post('甲'), post('乙')]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const rows = await rowsOf(project);
    expect(rows).toHaveLength(1);
    expect(await totalsOf(project)).toMatchObject({ receivedFen: 100_000, disbursedFen: 60_000 });
    // The refused one's voucher was removed again: one new file, the winner's.
    expect(await storedKeys(t, 'vouchers')).toEqual([...keysBefore, rows[0].attachmentKey].sort());
  });

  it('records a form sent twice at once (a double tap) once, keeping one voucher', async () => {
    const project = await makeProject(t.db, countyX, { title: '重复提交测试项目' });
    await makeReceipt(t.db, project, countyX, { amountFen: 100_000 });
    const keysBefore = await storedKeys(t, 'vouchers');
    const token = csrfFrom((await x.get(pageOf(project))).text);
    const post = () =>
      x
        .post(`${pageOf(project)}?_csrf=${encodeURIComponent(token)}`)
        .field('amount', '600')
        .field('paidOn', '2020-11-05')
        .field('payee', '演示合作社')
        .field('purpose', '购买种苗')
        .attach('attachment', PDF, '回单.pdf');
    const results = await Promise.all([post(), post()]);
    // Both answer as the first did: recorded (600 + 600 would be above the balance of 1,000).
    expect(results.map((r) => [r.status, r.headers.location])).toEqual([
      [303, pageOf(project)],
      [303, pageOf(project)],
    ]);
    const rows = await rowsOf(project);
    expect(rows).toHaveLength(1);
    expect(await storedKeys(t, 'vouchers')).toEqual([...keysBefore, rows[0].attachmentKey].sort());
    // Sent a third time moments later: still the same payment, not a second one.
    expect((await post()).status).toBe(303);
    expect(await rowsOf(project)).toHaveLength(1);
  });

  it('refuses amounts ≤ 0, with three decimals, above 1 亿元 or not numbers, and bad dates and texts, keeping what was typed', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ amount: '0' }, '支付金额应大于 0 元'],
      [{ amount: '-5' }, '支付金额不能为负数'],
      [{ amount: '12.345' }, '支付金额最多两位小数'],
      [{ amount: '100000000.01' }, '支付金额不能超过 1 亿元'],
      [{ amount: '99999999999' }, '支付金额不能超过 1 亿元'],
      [{ amount: '一千元' }, '支付金额应为数字'],
      [{ amount: undefined }, '请填写支付金额'],
      [{ paidOn: '2099-01-01' }, '支付日期不能晚于今天'],
      [{ paidOn: '2020-02-30' }, '支付日期应为有效日期'],
      [{ payee: '   ' }, '请填写收款方'],
      [{ payee: '收'.repeat(61) }, '收款方不能超过60个字符'],
      [{ purpose: undefined }, '请填写用途'],
      [{ purpose: '用'.repeat(201) }, '用途不能超过200个字符'],
    ];
    for (const [fields, message] of cases) {
      const res = await refused(() => record(x, funded.id, { payee: '演示收款单位', ...fields }), 422, message);
      if (!('payee' in fields)) expect(res.text).toContain('value="演示收款单位"');
    }
  });

  it('refuses a forged, empty or oversized voucher, leaving the database and the file storage as they were', async () => {
    // A payment not recorded before (the same one moments later would count as the form sent twice).
    const withVoucher = (file: [Buffer, string]) => () => record(x, funded.id, { amount: '1', purpose: '凭证检查' }, file);
    await refused(withVoucher([EXE, '回单.pdf']), 422, '文件“回单.pdf”不是 PDF 文件');
    await refused(withVoucher([PDF, '回单.exe']), 422, '付款凭证只能是 PDF、JPEG、PNG 文件');
    await refused(withVoucher([Buffer.alloc(0), '空.pdf']), 422, '文件“空.pdf”是空文件');
    await refused(withVoucher([PNG, '照片.jpg']), 422, '不是 JPEG 文件');
    const res = await refused(
      withVoucher([Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), '太大.pdf']),
      413,
      '付款凭证不能超过 10 MB',
    );
    expect(res.text).toContain('value="良梨镇演示果业专业合作社"');
  });

  it('refuses another county’s project, the organiser’s and a buyer’s posts, and unknown or oversized ids', async () => {
    await refused(() => record(y, funded.id), 404, '该项目不存在');
    expect((await y.get(pageOf(funded))).status).toBe(404);
    await refused(() => record(organiser, funded.id), 403, '没有权限');
    await refused(() => record(buyer, funded.id), 403, '没有权限');
    const token = encodeURIComponent(csrfFrom((await x.get(pageOf(funded))).text));
    for (const id of ['4294967296', '2147483648', '99999999999999999999', '0', '1e3']) {
      expect((await x.get(`/county/projects/${id}/disbursements`)).status).toBe(404);
      await refused(() => x.post(`/county/projects/${id}/disbursements?_csrf=${token}`).field('amount', '1'), 404, '不存在');
    }
    expect((await x.get(`${pageOf(funded)}/4294967296/attachment`)).status).toBe(404);
    expect((await x.get(`/county/projects/${2 ** 31}/disbursements/1/attachment`)).status).toBe(404);
  });

  it('shows the organiser any county’s page read-only', async () => {
    const page = await organiser.get(pageOf(funded));
    expect(page.status).toBe(200);
    expect(page.text).toContain('良梨镇演示果业专业合作社');
    expect(page.text).toContain('组织方可以查看各县区的资金使用');
    expect(page.text).not.toContain('name="amount"');
  });

  it('keeps an archived fair’s project read-only', async () => {
    const fairs = t.db.getRepository(Fair);
    const old = await fairs.save(
      fairs.create({ name: '宿州市2019年扶贫日消费扶贫展销会', date: '2019-10-17', current: null, status: 'archived' }),
    );
    const project = await makeProject(t.db, countyX, { fairId: old.id, title: '往届项目' });
    await makeReceipt(t.db, project, countyX, { fairId: old.id, amountFen: 50_000 });
    await makeDisbursement(t.db, project, { amountFen: 10_000 });
    const page = await x.get(pageOf(project));
    expect(page.text).toContain('已归档，资金使用记录只能查看');
    expect(page.text).not.toContain('name="amount"');
    await refused(() => record(x, project.id, { amount: '1' }), 409, '已归档');
  });

  it('answers a county with no money left with the reason instead of the form', async () => {
    const project = await makeProject(t.db, countyX, { title: '已用完项目' });
    await makeReceipt(t.db, project, countyX, { amountFen: 10_000 });
    await makeDisbursement(t.db, project, { amountFen: 10_000 });
    const page = await x.get(pageOf(project));
    expect(page.text).toContain('余额为 0');
    expect(page.text).not.toContain('name="amount"');
  });
});
