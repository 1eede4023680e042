import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { In } from 'typeorm';
import { BuyerUnit } from '../src/buyers/buyer-unit.entity';
import { fenToChineseCapitals } from '../src/common/money';
import type { County } from '../src/counties/county.entity';
import { yuanCellToFen } from '../src/exports/cells';
import { parseCliArgs, renderProgress, runExportCli } from '../src/exports/export-cli';
import { COUNTY_HEADINGS, PRODUCT_HEADINGS, SUMMARY_HEADINGS, UNIT_HEADINGS } from '../src/exports/fair-workbook.columns';
import { ExportRowsService } from '../src/exports/export-rows.service';
import { LETTER_HEADINGS } from '../src/exports/letters.writer';
import { IntentLine } from '../src/intents/intent-line.entity';
import { Intent } from '../src/intents/intent.entity';
import { Product } from '../src/products/product.entity';
import { FairTotalsService, type FairFilter } from '../src/intents/fair-totals.service';
import { FairUnitFiguresService } from '../src/intents/fair-unit-figures.service';
import {
  makeBuyerUnit,
  makeCounty,
  makeIntent,
  makeProduct,
  makeUser,
  validCreditCode,
  currentFairId,
  refreshAggregates,
} from './support/factories';
import { type Agent, binary, csrfFrom, signedIn, submitForm } from './support/http';
import { createTestApp, usingPostgres, type TestApp } from './support/test-app';

/** Collects a binary response body (supertest buffers only known binary types by default). */

/** Text typed by users that a spreadsheet program could run as a formula. */
const PRODUCT_NAME = '=HYPERLINK("http://example.invalid","梨膏")';
const SUPPLIER_NAME = '+1+1演示合作社';
const SPEC = '-2+3 kg/箱';
const UNIT_NAME = '@SUM(1+1)演示实验学校';
const UNIT_CONTACT = '=1+2';
const UNIT_ADDRESS = '-1 宿州市演示路';
const INTENT_CONTACT = '=CMD|" /C calc"!A0';

describe(`exports: 签约汇总表 and 购销意向书 (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let figures: FairTotalsService;
  let unitFigures: FairUnitFiguresService;
  let dangshan: County;
  let xiaoxian: County;
  let lingbi: County;
  let sixian: County;
  let school: BuyerUnit;
  let hospital: BuyerUnit;
  let asOrganiser: Agent;
  let asCounty: Agent;
  let asSchool: Agent;
  let asHospital: Agent;
  let asInjected: Agent;

  async function download(agent: Agent | ReturnType<typeof request>, url: string, status = 200) {
    const res = await (agent as Agent).get(url).buffer(true).parse(binary);
    expect(res.status).toBe(status);
    const wb = new ExcelJS.Workbook();
    if (status === 200) await wb.xlsx.load(res.body as Buffer);
    return { res, wb };
  }

  const sheetNames = (wb: ExcelJS.Workbook) => wb.worksheets.map((ws) => ws.name);
  const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
  /** Data rows of a table sheet: from row 3 until the 小计/合计 row. */
  function dataRows(ws: ExcelJS.Worksheet): { values: unknown[]; row: ExcelJS.Row }[] {
    const out: { values: unknown[]; row: ExcelJS.Row }[] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const values = rowValues(ws, r);
      if (values[0] === '小计' || values[0] === '合计') break;
      out.push({ values, row: ws.getRow(r) });
    }
    return out;
  }
  const totalRow = (ws: ExcelJS.Worksheet) => {
    for (let r = 3; r <= ws.rowCount; r++) if (['小计', '合计'].includes(rowValues(ws, r)[0] as string)) return rowValues(ws, r);
    throw new Error(`no total row on ${ws.name}`);
  };
  const fen = (v: unknown) => yuanCellToFen(v);
  const sumFen = (rows: { values: unknown[] }[], col: number) => rows.reduce((s, r) => s + fen(r.values[col]), 0);

  beforeAll(async () => {
    t = await createTestApp();
    figures = t.app.get(FairTotalsService);
    unitFigures = t.app.get(FairUnitFiguresService);
    dangshan = await makeCounty(t.db, { code: '341321', name: '砀山县' });
    xiaoxian = await makeCounty(t.db, { code: '341322', name: '萧县' });
    lingbi = await makeCounty(t.db, { code: '341323', name: '灵璧县' }); // no intents: an empty sheet
    sixian = await makeCounty(t.db, { code: '341324', name: '泗县' });
    const pear = await makeProduct(t.db, dangshan, { code: 'DS-001', name: '砀山酥梨', priceFen: 5850, capacity: 100 });
    const juice = await makeProduct(t.db, dangshan, { code: 'DS-002', name: '梨汁', priceFen: 1999, capacity: 1000 });
    const grape = await makeProduct(t.db, xiaoxian, { code: 'XX-001', name: '萧县葡萄', priceFen: 1250, capacity: 500 });
    // ¥50,000 × 60,000: beyond PostgreSQL's int4 for the product of the two (the totals cast to bigint).
    const sweetPotato = await makeProduct(t.db, sixian, {
      code: 'SX-001',
      name: '大路口山芋（整车）',
      priceFen: 5_000_000,
      capacity: 100_000,
    });
    school = await makeBuyerUnit(t.db, { name: '宿州市演示实验中学', type: '学校' });
    hospital = await makeBuyerUnit(t.db, { name: '宿州市演示人民医院', type: '医院' });
    const tabbed = await makeBuyerUnit(t.db, { name: '\t=1+1 演示食堂', type: '食堂', contactName: '\r=2+2' });
    await makeIntent(t.db, school, [
      { product: pear, quantity: 80 },
      { product: grape, quantity: 10 },
    ]);
    const signed = await makeIntent(
      t.db,
      hospital,
      [
        { product: pear, quantity: 40 },
        { product: juice, quantity: 7 },
      ],
      { status: 'signed', desiredDeliveryDate: '2020-10-30' },
    );
    await t.db.getRepository(IntentLine).update({ intentId: signed.id, productId: pear.id }, { signedQuantity: 35 });
    await refreshAggregates(t.db);
    await makeIntent(t.db, hospital, [{ product: sweetPotato, quantity: 60_000 }], { status: 'confirmed' });
    await makeIntent(t.db, hospital, [{ product: grape, quantity: 999 }], { status: 'withdrawn' }); // not counted
    await makeIntent(t.db, tabbed, [{ product: juice, quantity: 3 }]);

    asOrganiser = await signedIn(t.http, (await makeUser(t.db, 'organiser')).username);
    asCounty = await signedIn(t.http, (await makeUser(t.db, 'county', { countyId: dangshan.id })).username);
    asSchool = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: school.id })).username);
    asHospital = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: hospital.id })).username);

    // Formula-like text through the real forms: a county lists a product, the organiser
    // publishes it, a buyer unit registers and submits an intent for it.
    const productPage = await asCounty.get('/county/products/new');
    let form = asCounty.post(`/county/products?_csrf=${encodeURIComponent(csrfFrom(productPage.text))}`);
    const productFields: Record<string, string> = {
      code: 'DS-900',
      name: PRODUCT_NAME,
      category: '蔬菜水果',
      spec: SPEC,
      unit: '箱',
      price: '38.80',
      capacity: '100',
      minOrder: '1',
      supplierName: SUPPLIER_NAME,
      supplierCreditCode: validCreditCode('93', '341321'),
      certificateNo: '',
      origin: '砀山县演示镇',
      povertyHouseholds: '',
      description: '',
    };
    for (const [k, v] of Object.entries(productFields)) form = form.field(k, v);
    expect((await form).status).toBe(303);
    const product = await t.db.getRepository(Product).findOneByOrFail({ countyId: dangshan.id, code: 'DS-900' });
    expect((await submitForm(asCounty, `/county/products/${product.id}`, `/county/products/${product.id}/submit`)).status).toBe(303);
    expect((await submitForm(asOrganiser, `/admin/products/${product.id}`, `/admin/products/${product.id}/approve`)).status).toBe(303);

    const registration = request.agent(t.http);
    const registered = await submitForm(registration, '/register', '/register', {
      name: UNIT_NAME,
      type: '学校',
      creditCode: validCreditCode('12', '341302'),
      contactName: UNIT_CONTACT,
      mobile: '13800000321',
      address: UNIT_ADDRESS,
      username: 'formula-school',
      password: 'Secret-pass-2020',
      passwordConfirm: 'Secret-pass-2020',
    });
    expect(registered.status).toBe(303);
    asInjected = registration as Agent;
    expect(await t.db.getRepository(BuyerUnit).countBy({ name: UNIT_NAME, contactName: UNIT_CONTACT, address: UNIT_ADDRESS })).toBe(1);
    expect(
      (await submitForm(asInjected, '/my/intents', '/intent-list/items', { productId: String(product.id), quantity: '12' })).status,
    ).toBe(303);
    const submitPage = await asInjected.get('/intent-list/submit').expect(200);
    const submitted = await asInjected
      .post('/intent-list/submit')
      .type('form')
      .send({
        _csrf: csrfFrom(submitPage.text),
        idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(submitPage.text)![1],
        contactName: INTENT_CONTACT,
        contactPhone: '13800000321',
        desiredDeliveryDate: '2020-10-20',
      });
    expect(submitted.status).toBe(303);
  });
  afterAll(() => t.close());

  describe('签约汇总表', () => {
    let wb: ExcelJS.Workbook;
    let res: request.Response;

    beforeAll(async () => {
      ({ wb, res } = await download(asOrganiser, '/admin/exports/fair-workbook.xlsx'));
    });

    it('is an xlsx attachment named 签约汇总表-YYYYMMDD.xlsx with an ASCII fallback', () => {
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const disposition = res.headers['content-disposition'] as string;
      expect(disposition).toMatch(/^attachment; filename="fair-workbook-\d{8}\.xlsx"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^签约汇总表-\d{8}\.xlsx$/);
      expect(res.headers['cache-control']).toContain('no-store');
    });

    it('has 汇总, one sheet per county in code order, 按产品, 按单位 and 目标完成情况', () => {
      expect(sheetNames(wb)).toEqual(['汇总', '砀山县', '萧县', '灵璧县', '泗县', '按产品', '按单位', '目标完成情况']);
    });

    it('puts the headings in a bold frozen row under a merged title with the fair’s name, repeated on every printed page', () => {
      const expected: Record<string, string[]> = {
        汇总: SUMMARY_HEADINGS,
        砀山县: COUNTY_HEADINGS,
        按产品: PRODUCT_HEADINGS,
        按单位: UNIT_HEADINGS,
      };
      for (const [name, headings] of Object.entries(expected)) {
        const ws = wb.getWorksheet(name)!;
        expect(rowValues(ws, 2)).toEqual(headings);
        expect(ws.getCell('A2').font?.bold).toBe(true);
        expect(ws.getCell('B1').isMerged).toBe(true);
        expect(ws.getCell('B1').master.address).toBe('A1');
        expect(ws.getCell(1, headings.length).master.address).toBe('A1');
        expect(ws.getCell('A1').text).toContain('宿州市2020年扶贫日消费扶贫展销会');
        expect(ws.getCell('A1').text).toMatch(/导出时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/);
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
        expect(ws.autoFilter).toBeTruthy();
        expect(ws.pageSetup).toMatchObject({
          paperSize: 9,
          orientation: 'landscape',
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: '1:2',
        });
        // Within about 140 units, so that fitted to A4 landscape the text prints at 9 pt or more (test/print).
        const widths = headings.map((_, c) => ws.getColumn(c + 1).width!);
        expect(Math.min(...widths)).toBeGreaterThanOrEqual(4);
        expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(140);
      }
    });

    it('writes amounts as yuan numbers in ¥ format, and each county’s 小计 is the sum of its lines and the dashboard’s figure', async () => {
      const byCounty = await figures.byCounty({ fairId: await currentFairId(t.db) });
      for (const county of byCounty) {
        const ws = wb.getWorksheet(county.name)!;
        const rows = dataRows(ws);
        const total = totalRow(ws);
        expect(fen(total[9])).toBe(sumFen(rows, 9));
        expect(fen(total[9])).toBe(county.intendedFen);
        expect(fen(total[11])).toBe(county.signedFen);
        expect(total[8]).toBe(rows.reduce((s, r) => s + Number(r.values[8]), 0));
        expect(totalRow(ws)[1]).toBe(`共 ${rows.length} 条`);
        for (const r of rows) {
          expect(fen(r.values[9])).toBe(Number(r.values[8]) * fen(r.values[7])); // amount = quantity × unit price, exactly
          expect(r.row.getCell(10).numFmt).toBe('¥#,##0.00');
          expect(r.row.getCell(14).value).toBeNull(); // 签字 left empty
        }
      }
      const ds = dataRows(wb.getWorksheet('砀山县')!);
      expect(ds.map((r) => r.values[0])).toEqual(ds.map((_, i) => i + 1));
      expect(ds.find((r) => r.values[2] === '宿州市演示人民医院' && r.values[4] === '砀山酥梨')!.values.slice(7, 10)).toEqual([
        58.5, 40, 2340,
      ]);
      expect(dataRows(wb.getWorksheet(lingbi.name)!)).toHaveLength(0);
      expect(totalRow(wb.getWorksheet('灵璧县')!)[9]).toBe(0);
    });

    it('totals the 汇总 sheet as the dashboard does, to the fen', async () => {
      const ws = wb.getWorksheet('汇总')!;
      const rows = dataRows(ws);
      const byCounty = await figures.byCounty({ fairId: await currentFairId(t.db) });
      expect(rows.map((r) => r.values[2])).toEqual(byCounty.map((c) => c.name));
      rows.forEach((r, i) => {
        expect(r.values.slice(3, 7)).toEqual([
          byCounty[i].publishedProducts,
          byCounty[i].buyerUnits,
          byCounty[i].intents,
          byCounty[i].quantity,
        ]);
        expect([fen(r.values[7]), fen(r.values[8])]).toEqual([byCounty[i].intendedFen, byCounty[i].signedFen]);
      });
      const total = totalRow(ws);
      const totals = await figures.totals({ fairId: await currentFairId(t.db) });
      expect(fen(total[7])).toBe(sumFen(rows, 7));
      expect(fen(total[8])).toBe(sumFen(rows, 8));
      expect([fen(total[7]), fen(total[8])]).toEqual([totals.intendedFen, totals.signedFen]);
      expect(total.slice(4, 7)).toEqual([totals.buyerUnits, totals.intents, totals.quantity]);
      expect(totals.intendedFen).toBe(80 * 5850 + 10 * 1250 + 40 * 5850 + 7 * 1999 + 60_000 * 5_000_000 + 3 * 1999 + 12 * 3880);
      expect(totals.signedFen).toBe(35 * 5850);
    });

    it('marks products whose demand exceeds their capacity, and totals units as the dashboard does', async () => {
      const products = dataRows(wb.getWorksheet('按产品')!);
      const pear = products.find((r) => r.values[3] === '砀山酥梨')!;
      expect(pear.values.slice(7, 10)).toEqual([100, 120, 20]);
      expect(pear.values[13]).toBe('超出可供量');
      expect(products.find((r) => r.values[3] === '梨汁')!.values[13]).toBeUndefined();
      const totals = await figures.totals({ fairId: await currentFairId(t.db) });
      expect(fen(totalRow(wb.getWorksheet('按产品')!)[11])).toBe(totals.intendedFen);

      const units = dataRows(wb.getWorksheet('按单位')!);
      const byUnit = await unitFigures.byBuyerUnit({ fairId: await currentFairId(t.db) });
      expect(units.map((r) => r.values[1])).toEqual(byUnit.map((u) => u.name));
      expect(units.find((r) => r.values[1] === '宿州市演示人民医院')!.values[3]).toBe(hospital.creditCode);
      const total = totalRow(wb.getWorksheet('按单位')!);
      expect(fen(total[8])).toBe(sumFen(units, 8));
      expect([fen(total[8]), total[6]]).toEqual([totals.intendedFen, totals.intents]);
    });

    it('keeps text typed through the forms that begins with =, +, - or @ as text, never a formula', () => {
      const ws = wb.getWorksheet('砀山县')!;
      const row = dataRows(ws).find((r) => r.values[2] === UNIT_NAME)!;
      expect(row).toBeDefined();
      const cells = { 3: UNIT_NAME, 4: `${INTENT_CONTACT}\n${row.row.getCell(4).text.split('\n').pop()}`, 5: PRODUCT_NAME, 6: SPEC };
      for (const [col, typed] of Object.entries(cells)) {
        const cell = row.row.getCell(Number(col));
        expect(cell.value).toBe(typed);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe('@'); // Excel and WPS keep it text even when the cell is edited
      }
      const product = dataRows(wb.getWorksheet('按产品')!).find((r) => r.values[3] === PRODUCT_NAME)!;
      expect(product.row.getCell(7).value).toBe(SUPPLIER_NAME);
      expect(product.row.getCell(7).type).toBe(ExcelJS.ValueType.String);
      const unit = dataRows(wb.getWorksheet('按单位')!).find((r) => r.values[1] === UNIT_NAME)!;
      expect(unit.row.getCell(5).value).toBe(UNIT_CONTACT);
      expect(unit.row.getCell(5).formula).toBeUndefined();
      // A leading tab or carriage return (only possible in imported data) stays text too.
      const tabbed = dataRows(ws).find((r) => String(r.values[2]).includes('=1+1 演示食堂'))!;
      expect(tabbed.row.getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(tabbed.row.getCell(3).value).toBe('\t=1+1 演示食堂');
      expect(tabbed.row.getCell(3).formula).toBeUndefined();
    });
  });

  describe('filters', () => {
    const check = async (query: string, filter: Omit<FairFilter, 'fairId'>, sheets: string[]) => {
      const { wb } = await download(asOrganiser, `/admin/exports/fair-workbook.xlsx?${query}`);
      expect(sheetNames(wb)).toEqual(['汇总', ...sheets, '按产品', '按单位', '目标完成情况']);
      const totals = await figures.totals({ ...filter, fairId: await currentFairId(t.db) });
      const summary = totalRow(wb.getWorksheet('汇总')!);
      expect([fen(summary[7]), fen(summary[8]), summary[5]]).toEqual([totals.intendedFen, totals.signedFen, totals.intents]);
      const lines = sheets.flatMap((s) => dataRows(wb.getWorksheet(s)!));
      expect(lines.reduce((s, r) => s + fen(r.values[9]), 0)).toBe(totals.intendedFen);
      expect(wb.getWorksheet('汇总')!.getCell('A1').text).toContain('范围：');
      return { wb, lines };
    };

    it('narrows to one county', async () => {
      const { wb } = await check(`county=${dangshan.code}`, { countyId: dangshan.id }, ['砀山县']);
      expect(wb.getWorksheet('汇总')!.getCell('A1').text).toContain('砀山县（341321）');
    });

    it('narrows to one buyer type', async () => {
      const { lines } = await check(`type=${encodeURIComponent('医院')}`, { buyerType: '医院' }, ['砀山县', '萧县', '灵璧县', '泗县']);
      const hospitals = (await t.db.getRepository(BuyerUnit).findBy({ type: '医院' })).map((u) => u.name);
      expect(lines.length).toBeGreaterThan(0);
      for (const r of lines) expect(hospitals).toContain(r.values[2]);
    });

    it('takes one or several statuses instead of the counted ones', async () => {
      const { lines } = await check('status=withdrawn', { statuses: ['withdrawn'] }, ['砀山县', '萧县', '灵璧县', '泗县']);
      expect(lines.map((r) => [r.values[4], r.values[8]])).toEqual([['萧县葡萄', 999]]);
      const both = await check('status=signed&status=confirmed', { statuses: ['signed', 'confirmed'] }, [
        '砀山县',
        '萧县',
        '灵璧县',
        '泗县',
      ]);
      const intents = await t.db.getRepository(Intent).findBy({ referenceNo: In(both.lines.map((r) => String(r.values[1]))) });
      expect(new Set(intents.map((i) => i.status))).toEqual(new Set(['signed', 'confirmed']));
    });

    it('still writes a valid workbook with its headings when nothing matches', async () => {
      const { wb, lines } = await check('status=cancelled', { statuses: ['cancelled'] }, ['砀山县', '萧县', '灵璧县', '泗县']);
      expect(lines).toHaveLength(0);
      expect(rowValues(wb.getWorksheet('砀山县')!, 2)).toEqual(COUNTY_HEADINGS);
      expect(fen(totalRow(wb.getWorksheet('汇总')!)[7])).toBe(0);
      expect(dataRows(wb.getWorksheet('按产品')!)).toHaveLength(0);
      expect(rowValues(wb.getWorksheet('按单位')!, 2)).toEqual(UNIT_HEADINGS);
    });

    it('refuses an unknown county, type or status with a Chinese message and no file', async () => {
      for (const [query, message] of [
        ['county=999999', '没有代码为“999999”的县区'],
        [`type=${encodeURIComponent('外星单位')}`, '单位类型“外星单位”无效'],
        ['status=deleted', '意向状态“deleted”无效'],
      ]) {
        const res = await asOrganiser.get(`/admin/exports/fair-workbook.xlsx?${query}`);
        expect(res.status).toBe(422);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.text).toContain(message);
      }
    });
  });

  describe('购销意向书', () => {
    const letterLines = (ws: ExcelJS.Worksheet) => {
      let header = 0;
      for (let r = 1; r <= ws.rowCount && !header; r++) if (rowValues(ws, r)[0] === '序号') header = r;
      const lines: unknown[][] = [];
      for (let r = header + 1; typeof rowValues(ws, r)[0] === 'number'; r++) lines.push(rowValues(ws, r));
      return {
        header,
        lines,
        after: (label: string) => ws.getRow(header + lines.length + 1 + ['合计（小写）', '合计（大写）', '期望交货日期'].indexOf(label)),
      };
    };

    it('writes one sheet per buyer unit with counted intents, A4 portrait without gridlines', async () => {
      const { wb, res } = await download(asOrganiser, '/admin/exports/letters.xlsx');
      expect(decodeURIComponent((res.headers['content-disposition'] as string).split("UTF-8''")[1])).toMatch(/^购销意向书-\d{8}\.xlsx$/);
      // Tabs never read as formulas: the leading =, +, - or @ is left out of the sheet's name (not of its cells).
      expect(sheetNames(wb).sort()).toEqual(['宿州市演示实验中学', '宿州市演示人民医院', '1+1 演示食堂', UNIT_NAME.slice(1)].sort());
      const ws = wb.getWorksheet('宿州市演示人民医院')!;
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
      expect(ws.views[0].showGridLines).toBe(false);
      for (let c = 1; c <= LETTER_HEADINGS.length; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(4);
    });

    it('has the buyer as 甲方, its lines with each 乙方, the total in figures and in capitals, and signature blocks', async () => {
      const { wb, res } = await download(asOrganiser, `/admin/exports/letters/${hospital.id}.xlsx`);
      expect(decodeURIComponent((res.headers['content-disposition'] as string).split("UTF-8''")[1])).toMatch(
        /^购销意向书-宿州市演示人民医院-\d{8}\.xlsx$/,
      );
      expect(sheetNames(wb)).toEqual(['宿州市演示人民医院']);
      const ws = wb.worksheets[0];
      // Each row's text, merged ranges read once (exceljs repeats the master's value in every merged cell).
      const all = Array.from({ length: ws.rowCount }, (_, i) => {
        const texts: string[] = [];
        ws.getRow(i + 1).eachCell((cell) => {
          if (cell.master === cell && cell.value !== null && cell.value !== undefined) texts.push(cell.text);
        });
        return texts.join('|');
      });
      expect(all[0]).toBe('购销意向书');
      expect(all[1]).toContain('宿州市2020年扶贫日消费扶贫展销会　2020年10月17日');
      expect(all.join('\n')).toContain(`统一社会信用代码|${hospital.creditCode}`);
      expect(all.join('\n')).toContain('甲方（采购方）');
      const { header, lines, after } = letterLines(ws);
      expect(rowValues(ws, header)).toEqual(LETTER_HEADINGS);
      const totals = (await unitFigures.byBuyerUnit({ fairId: await currentFairId(t.db) })).find((u) => u.unitId === hospital.id)!;
      const sum = lines.reduce((s, l) => s + fen(l[8]), 0);
      expect(lines).toHaveLength(3);
      expect(lines.map((l) => l[3]).sort()).toEqual(['大路口山芋（整车）', '梨汁', '砀山酥梨'].sort());
      expect(sum).toBe(totals.intendedFen);
      expect(fen(after('合计（小写）').getCell(9).value)).toBe(sum);
      expect(after('合计（大写）').getCell(3).value).toBe(fenToChineseCapitals(sum));
      expect(after('期望交货日期').getCell(3).value).toBe('2020年10月30日');
      const text = all.join('\n');
      expect(text).toContain('示范文本，双方可协商修改');
      expect(text).toContain('甲方（盖章）：宿州市演示人民医院');
      expect(text).toContain(
        `乙方（盖章）：砀山县 ${(await t.db.getRepository(Product).findOneByOrFail({ code: 'DS-001' })).supplierName}`,
      );
      expect(text.match(/代表签字：/g)!.length).toBe(1 + 3); // 甲方 and three suppliers
    });

    it('lets a buyer download its own unit’s letter from its intent page, and no other unit’s', async () => {
      const intent = await t.db.getRepository(Intent).findOneByOrFail({ buyerUnitId: school.id });
      const page = await asSchool.get(`/my/intents/${intent.id}`).expect(200);
      expect(page.text).toContain('href="/my/letter.xlsx"');
      const { wb } = await download(asSchool, `/my/letter.xlsx?buyerUnitId=${hospital.id}`);
      expect(sheetNames(wb)).toEqual(['宿州市演示实验中学']);
      expect(letterLines(wb.worksheets[0]).lines.map((l) => l[3])).toEqual(['砀山酥梨', '萧县葡萄']);
      expect((await asSchool.get(`/admin/exports/letters/${hospital.id}.xlsx`)).status).toBe(403);
      expect((await asSchool.get('/admin/exports/letters.xlsx')).status).toBe(403);
      const organiserPage = await asOrganiser.get(`/admin/intents/${intent.id}`).expect(200);
      expect(organiserPage.text).toContain(`href="/admin/exports/letters/${school.id}.xlsx"`);
    });

    it('keeps formula-like text of the registration form as text in the letter', async () => {
      const { wb } = await download(asInjected, '/my/letter.xlsx');
      const ws = wb.worksheets[0];
      expect(ws.name).toBe(UNIT_NAME.slice(1));
      const cells: ExcelJS.Cell[] = [];
      ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
      for (const typed of [UNIT_NAME, UNIT_CONTACT, UNIT_ADDRESS, PRODUCT_NAME, SUPPLIER_NAME, SPEC]) {
        const cell = cells.find((c) => c.value === typed);
        expect(cell).toBeDefined();
        expect(cell!.type).toBe(ExcelJS.ValueType.String);
        expect(cell!.formula).toBeUndefined();
      }
      expect(cells.some((c) => c.formula !== undefined)).toBe(false);
    });

    it('answers 404 in Chinese for a unit without counted intents or an unknown unit', async () => {
      const idle = await makeBuyerUnit(t.db, { name: '宿州市演示无意向单位' });
      const res = await asOrganiser.get(`/admin/exports/letters/${idle.id}.xlsx`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('还没有有效的采购意向');
      expect((await asOrganiser.get('/admin/exports/letters/99999.xlsx')).status).toBe(404);
      const idleBuyer = await signedIn(t.http, (await makeUser(t.db, 'buyer', { buyerUnitId: idle.id })).username);
      expect((await idleBuyer.get('/my/letter.xlsx')).status).toBe(404);
    });
  });

  describe('reading in batches', () => {
    it('reads every line of a county exactly once, by product code, whatever the batch size', async () => {
      const rows = t.app.get(ExportRowsService);
      const products = (await figures.byProduct({ fairId: await currentFairId(t.db) })).filter((p) => p.countyCode === dangshan.code);
      const expected = (
        await figures
          .lines({ fairId: await currentFairId(t.db), countyId: dangshan.id })
          .select('l.id', 'id')
          .getRawMany<{ id: number }>()
      ).map((r) => Number(r.id));
      for (const size of [1, 2, 3, 1000]) {
        const seen: number[] = [];
        const codes: string[] = [];
        for await (const batch of rows.productLines(
          { fairId: await currentFairId(t.db) },
          products.map((p) => ({ productId: p.productId, lines: p.intents })),
          size,
        )) {
          expect(batch.length).toBeGreaterThan(0);
          for (const l of batch) {
            seen.push(l.lineId);
            codes.push(l.productCode);
          }
        }
        expect([...seen].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
        expect(codes).toEqual([...codes].sort());
      }
    });

    it('reads a unit’s lines exactly once in batches of any size', async () => {
      const rows = t.app.get(ExportRowsService);
      for (const size of [1, 2, 50]) {
        const ids: number[] = [];
        for await (const batch of rows.unitLines({ fairId: await currentFairId(t.db) }, hospital.id, size))
          ids.push(...batch.map((l) => l.lineId));
        expect(ids).toHaveLength(3);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    });
  });

  describe('npm run export', () => {
    /** Runs the command in-process on the suite's database; a TTY-like stderr gets the progress bar. */
    async function cli(args: string[]) {
      const out = { stdout: '', stderr: '' };
      const stdout = new PassThrough().on('data', (c: Buffer) => (out.stdout += c.toString()));
      const stderr = Object.assign(
        new PassThrough().on('data', (c: Buffer) => (out.stderr += c.toString())),
        { isTTY: true },
      );
      const env = {
        DATA_DIR: t.config.dataDir,
        DATABASE_URL: t.config.databaseUrl ?? '',
        SESSION_SECRET: t.config.sessionSecret,
        SEED_DEMO: 'false',
        NODE_ENV: 'test',
      };
      const code = await runExportCli(args, { env, stdout, stderr });
      return { code, ...out };
    }
    const file = (name: string) => path.join(t.config.dataDir, name);

    it('writes one county’s 签约汇总表 to a file with a progress bar and a summary', async () => {
      const target = file('签约汇总表.xlsx');
      const run = await cli(['--out', target, '--county', dangshan.code]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('\r[');
      expect(run.stderr).toMatch(/ 100%\n$/);
      expect(run.stdout).toContain(`已导出签约汇总表：${target}`);
      const totals = await figures.totals({ fairId: await currentFairId(t.db), countyId: dangshan.id });
      expect(run.stdout).toContain(`意向金额 ¥`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(target);
      expect(sheetNames(wb)).toEqual(['汇总', '砀山县', '按产品', '按单位', '目标完成情况']);
      expect(fen(totalRow(wb.getWorksheet('汇总')!)[7])).toBe(totals.intendedFen);
      expect(fen(totalRow(wb.getWorksheet('砀山县')!)[9])).toBe(totals.intendedFen);
      expect(fs.existsSync(`${target}.part`)).toBe(false);
    });

    it('writes the 购销意向书 with --letters', async () => {
      const target = file('letters.xlsx');
      const run = await cli([`--out=${target}`, '--letters', '--type', '医院']);
      expect(run.code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(target);
      expect(sheetNames(wb)).toEqual(['宿州市演示人民医院']);
    });

    it('exits with 2 and a Chinese message on bad arguments, writing nothing', async () => {
      const missing = await cli(['--county', dangshan.code]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('请用 --out 指定输出文件');
      expect(missing.stderr).toContain('用法：npm run export');
      const unknown = await cli(['--out', file('x.xlsx'), '--county', '999999']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('错误：没有代码为“999999”的县区');
      expect(fs.existsSync(file('x.xlsx'))).toBe(false);
      expect(fs.existsSync(file('x.xlsx.part'))).toBe(false);
      expect((await cli(['--out', file('y.xlsx'), '--status', '作废'])).stderr).toContain('意向状态“作废”无效');
      expect(() => parseCliArgs(['--out'])).toThrow('--out 需要一个值');
      expect(() => parseCliArgs(['--out', 'a.csv'])).toThrow('应以 .xlsx 结尾');
      expect(() => parseCliArgs(['--out', 'a.xlsx', '--colour', 'red'])).toThrow('未知选项 --colour');
      expect(parseCliArgs(['--out', 'a.xlsx', '--status', 'signed,confirmed', '--letters'])).toEqual({
        out: 'a.xlsx',
        status: 'signed,confirmed',
        letters: true,
      });
    });

    it('draws the progress as lines written of the total, with the percentage', () => {
      expect(renderProgress(0, 0, 10)).toBe('[##########] 0/0 行 100%');
      expect(renderProgress(12_000, 20_000, 10)).toBe('[######----] 12,000/20,000 行  60%');
    });
  });

  describe('access', () => {
    const organiserOnly = [
      '/admin/exports',
      '/admin/exports/fair-workbook.xlsx',
      '/admin/exports/letters.xlsx',
      `/admin/exports/letters/1.xlsx`,
    ];

    it('shows the organiser the export page with the filter form and the 导出 menu entry', async () => {
      const page = await asOrganiser.get('/admin/exports').expect(200);
      expect(page.text).toContain('下载签约汇总表');
      expect(page.text).toContain('formaction="/admin/exports/letters.xlsx"');
      expect(page.text).toContain('<option value="341321">砀山县</option>');
      expect(page.text).toContain('href="/admin/exports"');
    });

    it('refuses county operators and buyers (403) and sends visitors to log in', async () => {
      for (const url of organiserOnly) {
        expect((await asCounty.get(url)).status).toBe(403);
        expect((await asHospital.get(url)).status).toBe(403);
        const anonymous = await request(t.http).get(url);
        expect(anonymous.status).toBe(303);
        expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
      }
      expect((await asCounty.get('/my/letter.xlsx')).status).toBe(403);
      expect((await asOrganiser.get('/my/letter.xlsx')).status).toBe(403);
      expect((await request(t.http).get('/my/letter.xlsx')).status).toBe(303);
    });
  });
});
