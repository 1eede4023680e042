import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { In } from 'typeorm';
import type { BuyerUnit } from '../../src/buyers/buyer-unit.entity';
import { County } from '../../src/counties/county.entity';
import { IntentLine } from '../../src/intents/intent-line.entity';
import { Intent } from '../../src/intents/intent.entity';
import { Product } from '../../src/products/product.entity';
import { DEMO_PASSWORD, DemoSeeder } from '../../src/seed/demo-seeder';
import { makeBuyerUnit, makeIntent, makeProduct } from '../support/factories';
import { signedIn, type Agent, binary } from '../support/http';
import { describeWithLibreOffice, pageTexts, PRINT_OUTPUT_DIR, printedWords, printToPdf, renderPngs, squeeze } from '../support/print';
import { createTestApp, usingPostgres, type TestApp } from '../support/test-app';

/**
 * The workbooks as a clerk prints them: the demo fair's 签约汇总表 and 购销意向书 printed to
 * A4 PDF by LibreOffice Calc, then read back with poppler. What is checked is what reaches
 * the paper: every line's product and amount, a readable font size, letters that start on
 * their own page and number their own pages, and signature bands that are never split.
 */

/** "¥1,234.50" as the money format prints it. */
const money = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A unit name that is long, looks like a formula and has a character a sheet name may not hold. */
const LONG_UNIT = '=宿州市演示第一人民医院后勤保障服务中心职工食堂/采购部（演示）';
const LONG_PRODUCT = '砀山酥梨（金盖酥）精品礼盒装特级大果（演示长名称）';
const LONG_SPEC = '5kg/箱，每箱12至16个，单果280g以上，泡沫网套包装';

describeWithLibreOffice(`printed by LibreOffice on A4: 签约汇总表 and 购销意向书 (${usingPostgres() ? 'PostgreSQL' : 'SQLite'})`, () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let organiser: Agent;
  let outDir: string;
  let unit: BuyerUnit;
  let workbookPdf: string;
  let lettersPdf: string;

  async function save(url: string, file: string): Promise<string> {
    const res = await organiser.get(url).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const out = path.join(outDir, file);
    fs.writeFileSync(out, res.body as Buffer);
    return out;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(DemoSeeder).seed();
    // A unit buying from many suppliers: its letter has many signature bands, so some fall at a page's end.
    const products = await t.db.getRepository(Product).find({ where: { status: 'published' }, order: { id: 'ASC' } });
    const bySupplier = new Map<string, Product>();
    for (const p of products) if (!bySupplier.has(p.supplierName)) bySupplier.set(p.supplierName, p);
    const dangshan = await t.db.getRepository(County).findOneByOrFail({ code: '341321' });
    const long = await makeProduct(t.db, dangshan, {
      name: LONG_PRODUCT,
      spec: LONG_SPEC,
      supplierName: '砀山县演示果业专业合作社（长名称演示）',
    });
    unit = await makeBuyerUnit(t.db, { name: LONG_UNIT, type: '医院' });
    const intent = await makeIntent(t.db, unit, [
      { product: long, quantity: 13 },
      ...[...bySupplier.values()].slice(0, 16).map((product, i) => ({ product, quantity: 10 + i })),
    ]);
    // Signed at the stand: 11 of the 13 boxes of the long-named product.
    await t.db.getRepository(Intent).update(intent.id, { status: 'signed' });
    await t.db.getRepository(IntentLine).update({ intentId: intent.id, productId: long.id }, { signedQuantity: 11 });

    organiser = await signedIn(t.http, 'organiser', DEMO_PASSWORD);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-'));
    fs.rmSync(PRINT_OUTPUT_DIR, { recursive: true, force: true });
    const workbook = await save('/admin/exports/fair-workbook.xlsx', 'fair-workbook.xlsx');
    const letters = await save('/admin/exports/letters.xlsx', 'letters.xlsx');
    workbookPdf = printToPdf(workbook, outDir);
    lettersPdf = printToPdf(letters, outDir);
    renderPngs(workbookPdf, 'fair-workbook');
    renderPngs(lettersPdf, 'letters');
    for (const pdf of [workbookPdf, lettersPdf]) fs.copyFileSync(pdf, path.join(PRINT_OUTPUT_DIR, path.basename(pdf)));
  });

  afterAll(async () => {
    await t?.close();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  /** The lines the workbook lists, read from the database. */
  async function allLines() {
    const lines = await t.db.getRepository(IntentLine).find({
      where: { intent: { status: In(['submitted', 'confirmed', 'signed']) } },
      relations: { product: true, intent: { buyerUnit: true } },
    });
    expect(lines.length).toBeGreaterThan(30);
    return lines;
  }

  it('prints every line of the 签约汇总表 with its product, specification and amount', async () => {
    const printed = squeeze(pageTexts(workbookPdf, 'raw').join('\n'));
    const missing: string[] = [];
    for (const l of await allLines()) {
      for (const text of [l.product!.name, l.product!.spec, money(l.quantity * l.unitPriceFen)]) {
        if (!printed.includes(squeeze(text))) missing.push(`${l.intent!.referenceNo} ${l.product!.name}: ${text}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('shows the signed quantity and amount beside the intended ones on the county sheet (11 of 13)', () => {
    // The long-named product costs ¥50.00 (the factory's price): 13 intended for ¥650.00, 11 signed for ¥550.00.
    const row = /¥50\.00\s+13\s+¥650\.00\s+11\s+¥550\.00/;
    expect(pageTexts(workbookPdf).some((page) => row.test(page))).toBe(true);
  });

  it('prints the tables and the letters at a readable size (9 pt or more)', () => {
    for (const pdf of [workbookPdf, lettersPdf]) {
      const sizes = printedWords(pdf)
        .map((w) => w.cjkSize)
        .filter((size): size is number => size !== null)
        .sort((a, b) => a - b);
      // The body text: the smallest quarter are notes in smaller type, the largest titles.
      expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThanOrEqual(9);
    }
  });

  it('starts every 购销意向书 on a new page and numbers its pages from 1', async () => {
    const pages = pageTexts(lettersPdf);
    const numbers = pages.map((p) => {
      const m = /第\s*(\d+)\s*页，共\s*(\d+)\s*页/.exec(p);
      if (!m) throw new Error(`no page number on a letter page:\n${p}`);
      return { n: Number(m[1]), of: Number(m[2]), title: /购\s*销\s*意\s*向\s*书/.test(p.split('\n').slice(0, 5).join('')) };
    });
    const starts = numbers.filter((p) => p.n === 1);
    const units = (await allLines()).reduce((s, l) => s.add(l.intent!.buyerUnitId), new Set<number>());
    expect(starts).toHaveLength(units.size);
    for (let i = 0; i < numbers.length; i++) {
      const p = numbers[i];
      expect(p.n === 1 ? p.title : p.n === numbers[i - 1].n + 1 && p.of === numbers[i - 1].of).toBe(true);
      if (i + 1 === numbers.length || numbers[i + 1].n === 1) expect(p.n).toBe(p.of);
    }
    expect(numbers.some((p) => p.of > 1)).toBe(true); // the many-supplier letter runs over a page
  });

  it('keeps every signature band of the 购销意向书 on one page, with its heading, signature and date', () => {
    for (const [i, page] of pageTexts(lettersPdf).entries()) {
      const text = squeeze(page);
      const headings = text.match(/[甲乙]方（盖章）/g)?.length ?? 0;
      const signatures = text.match(/代表签字：/g)?.length ?? 0;
      const dates = text.match(/日期：年月日/g)?.length ?? 0;
      expect({ page: i + 1, headings, signatures, dates }).toEqual({ page: i + 1, headings, signatures: headings, dates: headings });
    }
  });

  it('names each letter sheet after its unit, safely and within 31 characters', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outDir, 'letters.xlsx'));
    const names = wb.worksheets.map((ws) => ws.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/^[=+\-@]/);
    }
    expect(names.some((n) => n.startsWith('宿州市演示第一人民医院后勤'))).toBe(true);
  });
});
