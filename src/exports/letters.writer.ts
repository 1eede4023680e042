/**
 * 购销意向书 (purchase-and-sale letters of intent), rows in, workbook out: one sheet per buyer
 * unit, to be printed on A4 and signed at the fair. 甲方 is the buyer unit; each line names
 * its 乙方 (the county and the supplier), and every supplier gets a signature block.
 * The clauses are a short neutral template that the parties may amend.
 */
import type ExcelJS from 'exceljs';
import { formatDateCn } from '../common/dates';
import { fenToChineseCapitals } from '../common/money';
import { fenToYuan, MONEY_FORMAT, QUANTITY_FORMAT, text, TEXT_FORMAT } from './cells';
import { LetterSheet, MIDDLE, type Cell } from './letter-sheet';
import type { LetterInput, WriteSummary } from './export-rows';
import type { WriteOptions } from './fair-workbook.writer';
import { SheetNames } from './sheet-names';
import type { StreamSheet, StreamWorkbook } from './table-sheet';
import { commitWorkbook, waitForSheetBacklog } from './workbook-stream';

export const LETTER_TITLE = '购销意向书';
export const LETTER_HEADINGS = ['序号', '县区', '乙方（供货主体）', '产品', '规格', '单位', '单价（元）', '数量', '金额（元）'];
/**
 * Column widths; never exactly 9, which exceljs drops as its default. 86 units: LibreOffice
 * fits that to A4 portrait at about 88 %, so 11 pt text prints at 9.5 pt or more.
 */
const WIDTHS = [4, 7, 16, 15, 10, 4, 10, 8, 12];
const COLUMNS = LETTER_HEADINGS.length;

export const LETTER_CLAUSES = [
  '一、质量：乙方所供产品应符合国家相关标准及该产品的扶贫产品认定、质量认证要求，随货提供合格证明。',
  '二、交货与验收：乙方按约定的时间和地点交货，甲方收货时验收数量和质量；有异议的，双方当场协商处理。',
  '三、结算：甲方验收合格后，按本意向书所列单价和实际验收数量与乙方结算。',
  '四、争议解决：履行中发生争议的，双方友好协商解决；协商不成的，依法解决。',
  '五、其他：本意向书为示范文本，双方可协商修改、补充；一式两份，双方各执一份，自双方签字盖章之日起生效。',
];

export interface LetterContext {
  fairName: string;
  /** YYYY-MM-DD */
  fairDate: string;
  exportedAt: string;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const LABEL: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: MIDDLE };
const value: Partial<ExcelJS.Style> = { numFmt: TEXT_FORMAT, alignment: MIDDLE, border: { bottom: THIN } };

/** The workbook of letters: one sheet per unit (a placeholder sheet when there is none). */
export async function writeLetters(
  wb: StreamWorkbook,
  ctx: LetterContext,
  letters: AsyncIterable<LetterInput>,
  options: WriteOptions = {},
): Promise<WriteSummary> {
  const names = new SheetNames();
  let sheets = 0;
  let lines = 0;
  let intendedFen = 0;
  for await (const letter of letters) {
    const written = await writeLetterSheet(wb, names.take(letter.unit.name, `单位${letter.unit.id}`), ctx, letter, options, lines);
    sheets++;
    lines += written.lines;
    intendedFen += written.totalFen;
  }
  if (sheets === 0) {
    const ws = wb.addWorksheet('说明') as StreamSheet;
    ws.getColumn(1).width = 60;
    ws.getRow(1).values = [`${LETTER_TITLE}：没有符合条件的采购意向（导出时间：${ctx.exportedAt}）`];
    ws.getRow(1).commit();
    ws.commit();
  }
  await commitWorkbook(wb, options.signal);
  return { sheets, lines, intendedFen };
}

/** One unit's 购销意向书 on its own sheet, A4 portrait. */
export async function writeLetterSheet(
  wb: StreamWorkbook,
  name: string,
  ctx: LetterContext,
  letter: LetterInput,
  options: WriteOptions = {},
  linesBefore = 0,
): Promise<{ lines: number; totalFen: number }> {
  const ws = wb.addWorksheet(name, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      showGridLines: false,
      margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
      // Each letter numbers its own pages from 1, in an all-units file too.
      firstPageNumber: 1,
    },
  }) as StreamSheet;
  ws.columns = WIDTHS.map((width) => ({ width }));
  const s = new LetterSheet(ws, WIDTHS);
  const { unit } = letter;

  s.row(40, [[1, COLUMNS, LETTER_TITLE, { font: { bold: true, size: 20 }, alignment: { horizontal: 'center', vertical: 'middle' } }]]);
  s.row(22, [
    [
      1,
      COLUMNS,
      `${ctx.fairName}\u3000${formatDateCn(ctx.fairDate)}`,
      { alignment: { horizontal: 'center', vertical: 'middle' }, numFmt: TEXT_FORMAT },
    ],
  ]);
  const refs = letter.intents.map((i) => i.referenceNo).join('、');
  s.row(Math.max(20, 15 * Math.ceil(refs.length / 70)), [
    [1, 2, '意向编号', LABEL],
    [3, COLUMNS, text(refs), { numFmt: TEXT_FORMAT, font: { size: 9 }, alignment: MIDDLE }],
  ]);
  s.blank();

  const section = (t: string) =>
    s.row(24, [
      [1, COLUMNS, t, { font: { bold: true, size: 12 }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } } }],
    ]);
  section('甲方（采购方）');
  s.row(24, [
    [1, 2, '单位名称', LABEL],
    [3, COLUMNS, text(unit.name), value],
  ]);
  s.row(24, [
    [1, 2, '统一社会信用代码', LABEL],
    [3, 5, text(unit.creditCode), value],
    [6, 6, '类型', LABEL],
    [7, COLUMNS, text(unit.type), value],
  ]);
  s.row(24, [
    [1, 2, '联系人', LABEL],
    [3, 5, text(unit.contactName), value],
    [6, 6, '电话', LABEL],
    [7, COLUMNS, text(unit.mobile), value],
  ]);
  s.row(24, [
    [1, 2, '地址', LABEL],
    [3, COLUMNS, text(unit.address), value],
  ]);
  s.blank();
  section('乙方（供货方）及购销明细：各行所列县区的供货主体为该行产品的乙方');

  const header: Partial<ExcelJS.Style> = {
    font: { bold: true },
    border: BORDER,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F5F5' } },
  };
  s.row(
    24,
    LETTER_HEADINGS.map((h, i) => [i + 1, i + 1, h, header]),
  );

  const cellText: Partial<ExcelJS.Style> = { numFmt: TEXT_FORMAT, border: BORDER, alignment: MIDDLE };
  const cellMoney: Partial<ExcelJS.Style> = { numFmt: MONEY_FORMAT, border: BORDER, alignment: { vertical: 'middle' } };
  const cellInt: Partial<ExcelJS.Style> = { numFmt: QUANTITY_FORMAT, border: BORDER, alignment: { vertical: 'middle' } };
  let lines = 0;
  let totalFen = 0;
  /** 乙方 to sign: each county's supplier once (bounded by the products the unit ordered). */
  const suppliers = new Map<string, { county: string; supplier: string }>();
  for await (const batch of letter.lines) {
    for (const l of batch) {
      const lineFen = l.quantity * l.unitPriceFen;
      lines++;
      totalFen += lineFen;
      suppliers.set(`${l.countyName}\u0000${l.supplierName}`, { county: l.countyName, supplier: l.supplierName });
      s.row(22, [
        [1, 1, lines, cellInt],
        [2, 2, text(l.countyName), cellText],
        [3, 3, text(l.supplierName), cellText],
        [4, 4, text(l.productName), cellText],
        [5, 5, text(l.spec), cellText],
        [6, 6, text(l.unit), cellText],
        [7, 7, fenToYuan(l.unitPriceFen), cellMoney],
        [8, 8, l.quantity, cellInt],
        [9, 9, fenToYuan(lineFen), cellMoney],
      ]);
    }
    options.onProgress?.(linesBefore + lines);
    options.signal?.throwIfAborted();
    await waitForSheetBacklog(ws, options.signal);
  }
  s.row(24, [
    [1, 8, '合计（小写）', { ...header, alignment: { horizontal: 'right', vertical: 'middle' } }],
    [9, 9, fenToYuan(totalFen), { ...cellMoney, font: { bold: true } }],
  ]);
  s.row(24, [
    [1, 2, '合计（大写）', { ...header, alignment: { horizontal: 'left', vertical: 'middle' } }],
    [3, COLUMNS, fenToChineseCapitals(totalFen), { border: BORDER, font: { bold: true }, alignment: MIDDLE }],
  ]);
  const dates = [...new Set(letter.intents.map((i) => i.desiredDeliveryDate).filter((d): d is string => !!d))].sort();
  s.row(24, [
    [1, 2, '期望交货日期', { ...header, alignment: { horizontal: 'left', vertical: 'middle' } }],
    [3, COLUMNS, dates.length ? dates.map((d) => formatDateCn(d)).join('、') : '由双方另行商定', { border: BORDER, alignment: MIDDLE }],
  ]);
  s.blank();

  s.row(22, [[1, COLUMNS, '主要条款（示范文本，双方可协商修改）', { font: { bold: true } }]]);
  for (const clause of LETTER_CLAUSES) s.row(32, [[1, COLUMNS, clause, { alignment: { ...MIDDLE, vertical: 'top' } }]]);
  s.blank(16);

  // Signature bands, two parties to a band: 甲方 first, then each 乙方. A band is never split
  // across pages, and leaves about 45 mm (at the printed scale) for a 42 mm official seal.
  const parties = [
    { heading: `甲方（盖章）：${unit.name}` },
    ...[...suppliers.values()].map((p) => ({ heading: `乙方（盖章）：${p.county} ${p.supplier}` })),
  ];
  const block: Partial<ExcelJS.Style> = { numFmt: TEXT_FORMAT, alignment: { ...MIDDLE, vertical: 'bottom' } };
  const bold = { ...block, font: { bold: true } };
  const pair = (l: string, r: string | undefined, style: Partial<ExcelJS.Style>): Cell[] => [
    [1, 4, l, style],
    ...(r === undefined ? [] : [[6, 9, r, style] as Cell]),
  ];
  for (let i = 0; i < parties.length; i += 2) {
    const [left, right] = [parties[i], parties[i + 1]];
    const heading = pair(left.heading, right?.heading, bold);
    const band = [
      [s.heightOf(28, heading), heading],
      [64, pair('', right ? '' : undefined, block)],
      [32, pair('代表签字：', right ? '代表签字：' : undefined, block)],
      [32, pair('日期：　　　　年　　月　　日', right ? '日期：　　　　年　　月　　日' : undefined, block)],
      [14, []],
    ] as [number, Cell[]][];
    s.keepTogether(band.reduce((sum, [h]) => sum + h, 0));
    for (const [h, cells] of band) s.row(h, cells);
  }
  s.row(18, [
    [
      1,
      COLUMNS,
      `导出时间：${ctx.exportedAt}。本意向书由展销会平台生成，金额按意向提交时锁定的单价计算。`,
      { font: { size: 8, color: { argb: 'FF777777' } } },
    ],
  ]);
  // Written with the sheet's end, when the letter's pages are counted (see PAGE_HEIGHT).
  ws.headerFooter = { oddFooter: `&C${LETTER_TITLE}\u3000第 &P 页，共 ${s.pages} 页` };
  ws.commit();
  return { lines, totalFen };
}
