import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { CountyFigures } from '../intents/fair-totals.service';
import { yuanCellToFen } from './cells';
import type { LetterInput, LineRow } from './export-rows';
import { COUNTY_HEADINGS } from './fair-workbook.columns';
import { writeFairWorkbook, type FairWorkbookInput } from './fair-workbook.writer';
import { writeLetters } from './letters.writer';
import { createWorkbookWriter } from './workbook-stream';

const FORMULA_LIKE = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://x","y")'];

function line(n: number, overrides: Partial<LineRow> = {}): LineRow {
  return {
    lineId: n,
    referenceNo: `YX-20201017-${String(n).padStart(4, '0')}`,
    status: 'submitted',
    buyerUnitName: `演示单位${n}`,
    buyerUnitType: '学校',
    contactName: '王老师',
    contactPhone: '13800000000',
    countyName: '砀山县',
    productCode: `P-${n}`,
    productName: '砀山酥梨',
    spec: '5kg/箱',
    unit: '箱',
    supplierName: '演示合作社',
    quantity: n,
    unitPriceFen: 1999,
    signedQuantity: null,
    deliveredQuantity: null,
    ...overrides,
  };
}

async function* batches<T>(items: T[], size: number): AsyncIterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

const zero = { intents: 0, buyerUnits: 0, quantity: 0, intendedFen: 0, signedFen: 0, deliveredFen: 0 };

/** Runs a writer into memory and reads the workbook back as Excel would get it. */
async function roundTrip(write: (wb: ReturnType<typeof createWorkbookWriter>) => Promise<unknown>): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(createWorkbookWriter(out));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return wb;
}

describe('writeFairWorkbook', () => {
  const county: CountyFigures = { countyId: 1, code: '341321', name: '砀山[县]', publishedProducts: 3, ...zero };
  const lines = [
    ...Array.from({ length: 25 }, (_, i) => line(i + 1)),
    ...FORMULA_LIKE.map((text, i) => line(100 + i, { buyerUnitName: text, productName: text, contactName: text, spec: text })),
  ];
  const input = (overrides: Partial<FairWorkbookInput> = {}): FairWorkbookInput => ({
    fairName: '演示展销会',
    exportedAt: '2020年10月17日 09:30',
    scope: '范围：全部县区',
    counties: [county],
    totals: zero,
    countyLines: () => batches(lines, 10),
    products: batches([], 10),
    units: batches([], 10),
    ...overrides,
  });

  it('writes every line in batches, a 小计 equal to their sum in fen, and reports progress per batch', async () => {
    const progress: number[] = [];
    let summary: unknown;
    const wb = await roundTrip(async (w) => (summary = await writeFairWorkbook(w, input(), { onProgress: (n) => progress.push(n) })));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', '砀山 县', '按产品', '按单位']);
    const ws = wb.getWorksheet('砀山 县')!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(COUNTY_HEADINGS);
    const rows = Array.from({ length: lines.length }, (_, i) => ws.getRow(i + 3));
    const expectedFen = lines.reduce((s, l) => s + l.quantity * l.unitPriceFen, 0);
    expect(rows.reduce((s, r) => s + yuanCellToFen(r.getCell(10).value), 0)).toBe(expectedFen);
    const subtotal = ws.getRow(lines.length + 3);
    expect(subtotal.getCell(1).value).toBe('小计');
    expect(yuanCellToFen(subtotal.getCell(10).value)).toBe(expectedFen);
    expect(subtotal.getCell(9).value).toBe(lines.reduce((s, l) => s + l.quantity, 0));
    expect(progress).toEqual([10, 20, 30, 32]);
    expect(summary).toEqual({ sheets: 4, lines: 32, intendedFen: expectedFen });
    expect(ws.autoFilter).toBe(`A2:N${lines.length + 2}`); // the 小计 row stays outside the filter
  });

  it('keeps text beginning with =, +, -, @, a tab or a carriage return as a string cell, never a formula', async () => {
    const wb = await roundTrip((w) => writeFairWorkbook(w, input()));
    const ws = wb.getWorksheet('砀山 县')!;
    FORMULA_LIKE.forEach((text, i) => {
      const row = ws.getRow(25 + 3 + i);
      for (const col of [3, 5, 6]) {
        const cell = row.getCell(col);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.numFmt).toBe('@');
        // XML turns a carriage return into a line feed when read; the text is otherwise as typed.
        expect(cell.value).toBe(text.replace(/^\r/, '\n'));
      }
    });
  });

  it('stops at the next batch once the signal aborts', async () => {
    const abort = new AbortController();
    const promise = roundTrip((w) =>
      writeFairWorkbook(w, input(), {
        signal: abort.signal,
        onProgress: (n) => n >= 10 && abort.abort(new Error('client gone')),
      }),
    );
    await expect(promise).rejects.toThrow('client gone');
  });
});

describe('writeLetters', () => {
  it('writes a sheet that says so when there is no letter, so the workbook is still valid', async () => {
    async function* none(): AsyncIterable<LetterInput> {}
    const wb = await roundTrip((w) =>
      writeLetters(w, { fairName: '演示展销会', fairDate: '2020-10-17', exportedAt: '2020年10月17日 09:30' }, none()),
    );
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['说明']);
    expect(String(wb.worksheets[0].getCell('A1').value)).toContain('没有符合条件的采购意向');
  });
});
