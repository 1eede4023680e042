import ExcelJS from 'exceljs';
import request, { type Response } from 'supertest';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { formatFen } from '../src/common/money';
import { Fair } from '../src/fairs/fair.entity';
import { FairUnitFiguresService } from '../src/intents/fair-unit-figures.service';
import { IntentLine } from '../src/intents/intent-line.entity';
import { TARGET_SHEET_NAME } from '../src/targets/import/target-sheet';
import { PurchaseTarget } from '../src/targets/purchase-target.entity';
import { dbSnapshot, snapshotDiff } from './support/db-snapshot';
import {
  currentFairId,
  makeBuyerUnit,
  makeCounty,
  makeIntent,
  makeProduct,
  makeUser,
  validCreditCode,
  refreshAggregates,
} from './support/factories';
import { browser, csrfFrom, signedIn, submitForm, type Agent, binary } from './support/http';
import { createTestApp, type TestApp } from './support/test-app';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADINGS = ['单位名称', '统一社会信用代码', '单位类型', '目标金额（元）'];

/** The downloaded template with these rows below its headings. */
async function targetSheet(agent: Agent, rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const res = await agent.get('/admin/targets/import/template.xlsx').buffer(true).parse(binary).expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as Buffer);
  const sheet = wb.getWorksheet(TARGET_SHEET_NAME)!;
  expect((sheet.getRow(1).values as unknown[]).slice(1).map((v) => JSON.stringify(v))).toEqual(
    HEADINGS.map((h) => expect.stringContaining(h) as unknown as string),
  );
  rows.forEach((row, i) => row.forEach((v, c) => (sheet.getCell(i + 2, c + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('认购目标: buyer-unit purchase targets', () => {
  let t: TestApp;
  let organiser: Agent;
  let fairId: number;
  let named: BuyerUnit;
  const waitingCode = validCreditCode('11', '341300');

  beforeAll(async () => {
    t = await createTestApp();
    fairId = await currentFairId(t.db);
    organiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    named = await makeBuyerUnit(t.db, { name: '宿州市演示财政局', type: '机关事业单位' });
  });
  afterAll(() => t.close());

  const snapshot = () => dbSnapshot(t.db, t.config.dataDir);
  const targets = () => t.db.getRepository(PurchaseTarget).find({ order: { creditCode: 'ASC' } });

  async function upload(bytes: Buffer, fair = ''): Promise<Response> {
    const token = csrfFrom((await organiser.get(`/admin/targets/import${fair ? `?fair=${fair}` : ''}`)).text);
    return organiser
      .post(`/admin/targets/import?_csrf=${encodeURIComponent(token)}${fair ? `&fair=${fair}` : ''}`)
      .attach('file', bytes, { filename: '认购目标.xlsx', contentType: XLSX_TYPE });
  }
  const text = (html: string) =>
    html
      .replace(/&#x3D;/g, '=')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'");

  it('names every bad cell of a sheet and writes nothing', async () => {
    const dup = validCreditCode('12', '341300');
    const before = await snapshot();
    const res = await upload(
      await targetSheet(organiser, [
        ['甲单位', '91341302MA7XDM7Q81', '企业', 1000],
        ['乙单位', dup, '企业', 0],
        ['丙单位', dup.toLowerCase(), '企业', -5],
        ['丁单位', validCreditCode(), '部队', 'abc'],
        ['戊单位', validCreditCode(), '学校', '12.345'],
      ]),
    );
    expect(res.status).toBe(422);
    const html = text(res.text);
    expect(html).toContain('第 2 行 B 列（统一社会信用代码）：统一社会信用代码校验位不正确');
    expect(html).toContain(`统一社会信用代码“${dup}”在表中出现了 2 次（第 3、4 行）`);
    expect(html).toContain('第 3 行 D 列（目标金额（元））：目标金额应大于 0 元');
    expect(html).toContain('第 4 行 D 列（目标金额（元））：目标金额不能为负数');
    expect(html).toContain('第 5 行 C 列（单位类型）：单位类型应为以下之一');
    expect(html).toContain('第 5 行 D 列（目标金额（元））：目标金额应为数字（元）');
    expect(html).toContain('第 6 行 D 列（目标金额（元））：目标金额最多两位小数');
    expect(html).not.toContain('确认导入</button>');
    expect(snapshotDiff(before, await snapshot())).toEqual([]);
  });

  it('previews a good sheet, writes nothing until confirmed, then imports every row in fen', async () => {
    const before = await snapshot();
    const preview = await upload(
      await targetSheet(organiser, [
        ['宿州市演示财政局', named.creditCode.toLowerCase(), '机关事业单位', 50000],
        ['宿州市演示交通局', waitingCode, '机关事业单位', '12,500.50'],
      ]),
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('新增 2 个，更新 0 个，未变 0 个认购目标');
    expect(snapshotDiff(before, await snapshot()).filter((d) => !d.startsWith('files'))).toEqual([]);
    const importId = /name="importId" value="([0-9a-f]{32})"/.exec(preview.text)![1];
    const done = await organiser
      .post('/admin/targets/import/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), importId });
    expect(done.status).toBe(303);
    const stored = await targets();
    expect(stored.map((s) => [s.creditCode, s.targetFen, s.buyerUnitId])).toEqual(
      [
        [named.creditCode, 5_000_000, named.id],
        [waitingCode, 1_250_050, null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // A second confirmation of the same preview writes nothing more.
    const again = await organiser
      .post('/admin/targets/import/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(preview.text), importId });
    expect(again.status).toBe(422);
    expect(await t.db.getRepository(PurchaseTarget).count()).toBe(2);
  });

  it('attaches a waiting target when its unit registers, and shows the unit only its own target', async () => {
    const unitClient = browser(t.http);
    const res = await submitForm(unitClient, '/register', '/register', {
      name: '宿州市演示交通局',
      type: '机关事业单位',
      creditCode: waitingCode,
      contactName: '王五',
      mobile: '13800009999',
      address: '宿州市演示路2号',
      username: 'jiaotong-demo',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-1',
    });
    expect(res.status).toBe(303);
    const unit = await t.db.getRepository(BuyerUnit).findOneByOrFail({ creditCode: waitingCode });
    expect((await t.db.getRepository(PurchaseTarget).findOneByOrFail({ creditCode: waitingCode })).buyerUnitId).toBe(unit.id);
    const page = (await unitClient.get('/my/intents').expect(200)).text;
    expect(page).toContain('本单位认购目标');
    expect(page).toContain(formatFen(1_250_050));
    expect(page).not.toContain(formatFen(5_000_000));
    // A unit without a target sees no target, and no buyer reaches the organiser's page.
    const other = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: (await makeBuyerUnit(t.db)).id })).username);
    expect((await other.get('/my/intents').expect(200)).text).not.toContain('本单位认购目标');
    await other.get('/admin/targets').expect(403);
  });

  it('shows completion equal to the fair’s figures to the fen, furthest behind first', async () => {
    const county = await makeCounty(t.db);
    const product = await makeProduct(t.db, county, { priceFen: 1234 });
    const intent = await makeIntent(t.db, named, [{ product, quantity: 1001 }], { status: 'signed' });
    await t.db.getRepository(IntentLine).update({ intentId: intent.id }, { signedQuantity: 700, deliveredQuantity: 333 });
    await refreshAggregates(t.db);
    const [figures] = await t.app.get(FairUnitFiguresService).byBuyerUnit({ fairId, buyerUnitId: named.id });
    const html = (await organiser.get('/admin/targets').expect(200)).text;
    for (const fen of [figures.intendedFen, figures.signedFen, figures.deliveredFen]) expect(html).toContain(formatFen(fen));
    expect(html).toContain(`${Math.round((figures.intendedFen * 1000) / 5_000_000) / 10}%`);
    // The unit with nothing yet comes first.
    expect(html.indexOf('宿州市演示交通局')).toBeLessThan(html.indexOf('宿州市演示财政局'));
    const dashboard = (await organiser.get('/admin').expect(200)).text;
    expect(dashboard).toContain('认购目标完成情况');
    expect(dashboard).toContain(formatFen(figures.intendedFen));
  });

  it('adds the 目标完成情况 sheet to the 签约汇总表 with the same figures', async () => {
    const res = await organiser.get('/admin/exports/fair-workbook.xlsx').buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const sheet = wb.getWorksheet('目标完成情况')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const own = rows.find((r) => r[3] === named.creditCode)!;
    const [figures] = await t.app.get(FairUnitFiguresService).byBuyerUnit({ fairId, buyerUnitId: named.id });
    expect([own[5], own[6], own[8], own[10]].map((v) => Math.round(Number(v) * 100))).toEqual([
      5_000_000,
      figures.intendedFen,
      figures.signedFen,
      figures.deliveredFen,
    ]);
    // Completion rates are numbers shown as percentages, so that they sort as numbers in Excel and WPS.
    const ownRow = rows.indexOf(own) + 1;
    const rate = sheet.getRow(ownRow).getCell(8);
    expect(rate.value).toBe(Math.round((figures.intendedFen * 1000) / 5_000_000) / 1000);
    expect(rate.numFmt).toBe('0.0%');
    // Text that looks like a formula stays text.
    expect(rows.flat().some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });

  it('refuses ¥0, negative, non-numeric amounts and bad codes in the form, with the database unchanged', async () => {
    const before = await snapshot();
    const cases: [Record<string, string>, string][] = [
      [{ amount: '0' }, '目标金额应大于 0 元'],
      [{ amount: '-100' }, '目标金额不能为负数'],
      [{ amount: '一万' }, '目标金额应为数字（元）'],
      [{ amount: '1.001' }, '目标金额最多两位小数'],
      [{ amount: '200000000' }, '目标金额不能超过 1 亿元'],
      [{ creditCode: '12345' }, '统一社会信用代码应为18位'],
      [{ creditCode: named.creditCode }, '已有认购目标'],
      [{ unitType: '部队' }, '单位类型应为以下之一'],
    ];
    for (const [override, message] of cases) {
      const fields = {
        fair: String(fairId),
        unitName: '新单位',
        creditCode: validCreditCode(),
        unitType: '企业',
        amount: '100',
        ...override,
      };
      const res = await submitForm(organiser, '/admin/targets/new', '/admin/targets', fields);
      expect([res.status, res.text.includes(message)]).toEqual([422, true]);
    }
    expect(snapshotDiff(before, await snapshot())).toEqual([]);
  });

  it('adds, changes and deletes one target, each with an audit entry', async () => {
    const code = validCreditCode();
    const add = await submitForm(organiser, '/admin/targets/new', '/admin/targets', {
      fair: String(fairId),
      unitName: '宿州市演示国企',
      creditCode: code,
      unitType: '企业',
      amount: '８８８８.８',
    });
    expect(add.status).toBe(303);
    const target = await t.db.getRepository(PurchaseTarget).findOneByOrFail({ creditCode: code });
    expect(target.targetFen).toBe(888_880);
    const edit = await submitForm(organiser, `/admin/targets/${target.id}/edit`, `/admin/targets/${target.id}`, {
      unitName: '宿州市演示国企',
      creditCode: code,
      unitType: '企业',
      amount: '9000',
    });
    expect(edit.status).toBe(303);
    expect((await t.db.getRepository(PurchaseTarget).findOneByOrFail({ id: target.id })).targetFen).toBe(900_000);
    const del = await submitForm(organiser, '/admin/targets', `/admin/targets/${target.id}/delete`, {});
    expect(del.status).toBe(303);
    expect(await t.db.getRepository(PurchaseTarget).countBy({ id: target.id })).toBe(0);
    const actions = (await t.db.query(
      `SELECT action FROM audit_log WHERE "entityType" = 'purchase_target' AND "entityId" = '${target.id}'`,
    )) as { action: string }[];
    expect(actions.map((a) => a.action).sort()).toEqual(['target.create', 'target.delete', 'target.update']);
  });

  it('refuses every change to an archived fair’s targets', async () => {
    const fairs = t.db.getRepository(Fair);
    const archived = await fairs.save(fairs.create({ name: '2019年展销会', date: '2019-10-17', status: 'archived', current: null }));
    await t.db
      .getRepository(PurchaseTarget)
      .insert({ fairId: archived.id, creditCode: validCreditCode(), unitName: '旧单位', unitType: '企业', targetFen: 100 });
    const [old] = await t.db.getRepository(PurchaseTarget).findBy({ fairId: archived.id });
    const before = await snapshot();
    const token = csrfFrom((await organiser.get('/admin/targets')).text);
    const add = await organiser
      .post('/admin/targets')
      .type('form')
      .send({
        _csrf: token,
        fair: String(archived.id),
        unitName: '新单位',
        creditCode: validCreditCode(),
        unitType: '企业',
        amount: '100',
      });
    expect(add.status).toBe(409);
    expect(add.text).toContain('已归档');
    await organiser.post(`/admin/targets/${old.id}/delete`).type('form').send({ _csrf: token }).expect(409);
    await organiser
      .post(`/admin/targets/${old.id}`)
      .type('form')
      .send({ _csrf: token, unitName: 'x', creditCode: old.creditCode, unitType: '企业', amount: '5' })
      .expect(409);
    const sheet = await upload(await targetSheet(organiser, [['新单位', validCreditCode(), '企业', 100]]), String(archived.id)).catch(
      (e: unknown) => e as Response,
    );
    expect([409, 422]).toContain((sheet as Response).status);
    expect(snapshotDiff(before, await snapshot())).toEqual([]);
  });

  it('is the organiser’s only', async () => {
    await request(t.http).get('/admin/targets').expect(303);
  });
});
