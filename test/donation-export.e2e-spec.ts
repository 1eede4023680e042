import ExcelJS from 'exceljs';
import request from 'supertest';
import type { County } from '../src/counties/county.entity';
import { DonationTotalsService } from '../src/donations/donation-totals.service';
import { DonationExportRowsService } from '../src/donations/export/donation-export-rows.service';
import {
  DISBURSEMENT_COLUMNS,
  DONATION_SUMMARY_COLUMNS,
  headingsOf,
  PROJECT_COLUMNS,
  RECEIPT_COLUMNS,
} from '../src/donations/export/donation-workbook.columns';
import { yuanCellToFen } from '../src/exports/cells';
import { Fair } from '../src/fairs/fair.entity';
import { makeDisbursement, makePledge, makeProject, makeReceipt } from './support/donation-factories';
import { makeBuyerUnit, makeCounty, makeUser } from './support/factories';
import { signedIn, type Agent, binary } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** Text typed by donors and offices that a spreadsheet program could run as a formula. */
const FORMULA_DONOR = '=HYPERLINK("http://example.invalid","捐赠")';
const FORMULA_PURPOSE = '+1+1 购买种苗';
const FORMULA_TITLE = '@SUM(1+1)村道硬化';
const PHONE = '13912345678';

const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
/** Rows 3.. until the 小计/合计 row, and that row. */
function table(ws: ExcelJS.Worksheet): { rows: unknown[][]; total: unknown[] } {
  const rows: unknown[][] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const v = values(ws, r);
    if (v[0] === '小计' || v[0] === '合计') return { rows, total: v };
    rows.push(v);
  }
  throw new Error(`no total row on ${ws.name}`);
}
const fen = yuanCellToFen;
const sum = (rows: unknown[][], col: number) => rows.reduce((s, r) => s + (typeof r[col] === 'number' ? fen(r[col]) : 0), 0);

describe(`认领认捐汇总表.xlsx (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let asOrganiser: Agent;
  let dangshan: County;
  let xiaoxian: County;
  let fairId: number;
  let wb: ExcelJS.Workbook;
  let res: request.Response;

  beforeAll(async () => {
    t = await createTestApp();
    fairId = (await t.db.getRepository(Fair).findOneByOrFail({ current: true })).id;
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    const pear = await makeProject(t.db, dangshan, { title: '酥梨冷藏库', soughtFen: 50_000_000 });
    const winter = await makeProject(t.db, dangshan, { title: '困难学生冬衣', kind: 'goods', soughtFen: null, goodsSought: '棉衣 200 件' });
    await makeProject(t.db, dangshan, { title: '待审项目', status: 'pending', publishedAt: null });
    const road = await makeProject(t.db, xiaoxian, { title: FORMULA_TITLE, kind: 'infrastructure', soughtFen: 12_000_000 });

    const named = await makePledge(t.db, pear, { donorName: FORMULA_DONOR, donorPhone: PHONE, amountFen: 1_000_001 });
    await makePledge(t.db, road, { donorName: '萧县认捐人', donorPhone: PHONE, amountFen: 300_000 });
    await makePledge(t.db, null, { countyId: xiaoxian.id, projectId: null, donorName: '县级认捐人', amountFen: 40_000 });
    await makePledge(t.db, null, { donorName: '市级认捐人', donorPhone: PHONE, amountFen: 77_777 });
    await makePledge(t.db, pear, { donorName: '取消者', status: 'cancelled', amountFen: 5_000_000 });

    await makeReceipt(t.db, pear, dangshan, {
      pledgeId: named.id,
      donorName: FORMULA_DONOR,
      amountFen: 1_000_001,
      receiptNo: 'JZ-341321-2020-00001',
    });
    await makeReceipt(t.db, pear, dangshan, {
      donorName: '王某某',
      anonymous: true,
      amountFen: 123_456,
      receiptNo: 'JZ-341321-2020-00002',
    });
    await makeReceipt(t.db, winter, dangshan, {
      donorName: '演示实验中学',
      donorKind: 'unit',
      amountFen: 88_800,
      receiptNo: 'JZ-341321-2020-00003',
    });
    await makeReceipt(t.db, pear, dangshan, {
      donorName: '作废者',
      amountFen: 9_999_900,
      receiptNo: 'JZ-341321-2020-00004',
      voidedAt: new Date(),
      voidReason: '金额录入错误',
    });
    await makeReceipt(t.db, null, xiaoxian, { donorName: '县级认捐人', amountFen: 40_000, receiptNo: 'JZ-341322-2020-00001' });
    await makeReceipt(t.db, road, xiaoxian, { donorName: '萧县认捐人', amountFen: 150_000, receiptNo: 'JZ-341322-2020-00002' });
    await makeReceipt(t.db, null, null, { donorName: '市级捐赠人', amountFen: 55_501, receiptNo: 'JZ-SZ-2020-00001' });
    await makeDisbursement(t.db, pear, { amountFen: 600_003, purpose: FORMULA_PURPOSE, payee: '良梨镇演示合作社' });
    await makeDisbursement(t.db, road, {
      amountFen: 100_000,
      attachmentKey: 'k'.repeat(32),
      attachmentName: '凭证.pdf',
      attachmentType: 'pdf',
    });

    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    res = await asOrganiser.get('/admin/donations/export').buffer(true).parse(binary);
    wb = new ExcelJS.Workbook();
    if (res.status === 200) await wb.xlsx.load(res.body as Buffer);
  });
  afterAll(() => t.close());

  it('downloads as 认领认捐汇总表 with 汇总, a sheet per county, 捐赠明细 and 资金使用', () => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('认领认捐汇总表-');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', '砀山县', '萧县', '捐赠明细', '资金使用']);
    expect(values(wb.getWorksheet('汇总')!, 2)).toEqual(headingsOf(DONATION_SUMMARY_COLUMNS));
    expect(values(wb.getWorksheet('砀山县')!, 2)).toEqual(headingsOf(PROJECT_COLUMNS));
    expect(values(wb.getWorksheet('捐赠明细')!, 2)).toEqual(headingsOf(RECEIPT_COLUMNS));
    expect(values(wb.getWorksheet('资金使用')!, 2)).toEqual(headingsOf(DISBURSEMENT_COLUMNS));
  });

  it('totals each county, the city fund and the campaign exactly as DonationTotalsService does, to the fen', async () => {
    const totals = t.app.get(DonationTotalsService);
    const byCounty = await totals.byCounty(fairId);
    const all = await totals.ofFair(fairId);
    const { rows, total } = table(wb.getWorksheet('汇总')!);
    expect(rows.map((r) => r[2])).toEqual(['砀山县', '萧县', '市级统筹（不定向）']);
    const expectLine = (r: unknown[], t: { pledgedFen: number; receivedFen: number; disbursedFen: number }) =>
      expect(r.slice(5).map(fen)).toEqual([t.pledgedFen, t.receivedFen, t.disbursedFen, t.receivedFen - t.disbursedFen]);
    expectLine(rows[0], byCounty.get(dangshan.id)!);
    expectLine(rows[1], byCounty.get(xiaoxian.id)!);
    expectLine(rows[2], byCounty.get(null)!);
    expectLine(total, all);
    // By hand: received 1,000,001 + 123,456 + 88,800 (the voided one not) + 40,000 + 150,000 + 55,501.
    expect(all).toEqual({ pledgedFen: 1_417_778, receivedFen: 1_457_758, disbursedFen: 700_003 });
    expect(rows.map((r) => r[3] ?? null)).toEqual([2, 1, null]); // public projects only
    expect(fen(total[4])).toBe(62_000_000);
    // The board shows the same.
    const board = (await asOrganiser.get('/admin/donations')).text;
    expect(board).toContain('¥14,577.58');
  });

  it('lists a county’s projects whose rows, with its undirected money, add up to its 小计 and its 汇总 line', () => {
    for (const name of ['砀山县', '萧县']) {
      const { rows, total } = table(wb.getWorksheet(name)!);
      const line = table(wb.getWorksheet('汇总')!).rows.find((r) => r[2] === name)!;
      for (const [col, summaryCol] of [
        [9, 5],
        [10, 6],
        [11, 7],
        [12, 8],
      ]) {
        expect(sum(rows, col)).toBe(fen(total[col]));
        expect(fen(total[col])).toBe(fen(line[summaryCol]));
      }
    }
    const dangshanRows = table(wb.getWorksheet('砀山县')!).rows;
    expect(dangshanRows.map((r) => r[1])).toEqual(['酥梨冷藏库', '困难学生冬衣\n所需物资：棉衣 200 件', '县级统筹（不定向）']);
    expect(dangshanRows[1][8]).toBe('物资');
    const xiaoRows = table(wb.getWorksheet('萧县')!).rows;
    expect(xiaoRows[1].slice(9).map(fen)).toEqual([40_000, 40_000, 0, 40_000]); // the county fund
  });

  it('lists every receipt with its number, the donor’s name and what the public sees, and totals only valid ones', async () => {
    const { rows, total } = table(wb.getWorksheet('捐赠明细')!);
    expect(rows.map((r) => r[1])).toEqual([
      'JZ-341321-2020-00001',
      'JZ-341321-2020-00002',
      'JZ-341321-2020-00003',
      'JZ-341321-2020-00004',
      'JZ-341322-2020-00001',
      'JZ-341322-2020-00002',
      'JZ-SZ-2020-00001',
    ]);
    const anonymous = rows.find((r) => r[1] === 'JZ-341321-2020-00002')!;
    expect([anonymous[4], anonymous[5]]).toEqual(['王某某', '匿名']);
    expect(rows.find((r) => r[1] === 'JZ-341321-2020-00003')![5]).toBe('署名');
    expect(rows.find((r) => r[1] === 'JZ-341321-2020-00004')![11]).toBe('已作废：金额录入错误');
    expect(rows.find((r) => r[1] === 'JZ-SZ-2020-00001')!.slice(2, 4)).toEqual(['市级', '市级统筹（不定向）']);
    expect(rows.find((r) => r[1] === 'JZ-341322-2020-00001')![3]).toBe('萧县县级统筹（不定向）');
    expect(rows[0][7]).toMatch(/^RJ-TEST-/);
    expect(fen(total[9])).toBe((await t.app.get(DonationTotalsService).ofFair(fairId)).receivedFen);
  });

  it('lists the disbursements, totalled as disbursed', () => {
    const { rows, total } = table(wb.getWorksheet('资金使用')!);
    expect(rows.map((r) => [r[1], r[2], r[4], r[7]])).toEqual([
      ['砀山县', '酥梨冷藏库', '良梨镇演示合作社', '无'],
      ['萧县', FORMULA_TITLE, '测试合作社', '有'],
    ]);
    expect(fen(total[6])).toBe(700_003);
  });

  it('writes text that looks like a formula as text, and never a phone number', () => {
    const found: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (String(cell.value).includes(PHONE)) found.push(`${ws.name}!${cell.address}`);
        }),
      ),
    );
    expect(found).toEqual([]);
    const donor = table(wb.getWorksheet('捐赠明细')!).rows[0];
    expect(donor[4]).toBe(FORMULA_DONOR);
    const cell = wb.getWorksheet('捐赠明细')!.getCell('E3');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    expect(table(wb.getWorksheet('资金使用')!).rows[0][5]).toBe(FORMULA_PURPOSE);
    expect(table(wb.getWorksheet('萧县')!).rows[0][1]).toBe(FORMULA_TITLE);
  });

  it('is set up to print on A4 landscape with the headings on every page', () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.printTitlesRow).toBe('1:2');
      expect(ws.headerFooter.oddFooter).toContain('&P');
    }
  });

  it('reads the rows in batches', async () => {
    const rows = t.app.get(DonationExportRowsService);
    const batches: number[] = [];
    for await (const batch of rows.receiptRows(fairId, 3)) batches.push(batch.length);
    expect(batches).toEqual([3, 3, 1]);
    const projects: number[] = [];
    for await (const batch of rows.countyProjects(fairId, dangshan.id, 1)) projects.push(batch.length);
    expect(projects).toEqual([1, 1]);
  });

  it('exports another fair’s campaign with ?fair=ID and refuses an unknown fair before any download', async () => {
    const archived = await t.db
      .getRepository(Fair)
      .save(t.db.getRepository(Fair).create({ name: '2019年展销会', date: '2019-10-17', status: 'archived', current: null }));
    const old = await asOrganiser.get(`/admin/donations/export?fair=${archived.id}`).buffer(true).parse(binary).expect(200);
    const oldWb = new ExcelJS.Workbook();
    await oldWb.xlsx.load(old.body as Buffer);
    expect(table(oldWb.getWorksheet('捐赠明细')!).rows).toEqual([]);
    expect(table(oldWb.getWorksheet('汇总')!).total.slice(5).map(fen)).toEqual([0, 0, 0, 0]);
    for (const bad of ['99999999', '99999999999', 'x']) {
      const r = await asOrganiser.get(`/admin/donations/export?fair=${bad}`);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toContain('text/html');
    }
  });

  it('is the organiser’s alone', async () => {
    const county = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    expect((await county.get('/admin/donations/export')).status).toBe(403);
    const unit = await makeBuyerUnit(t.db);
    const buyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: unit.id })).username);
    expect((await buyer.get('/admin/donations/export')).status).toBe(403);
    expect((await request(t.http).get('/admin/donations/export')).status).toBe(303);
  });
});
