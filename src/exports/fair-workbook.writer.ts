/**
 * 签约汇总表.xlsx, rows in, workbook out: 汇总 (per county, grand total), one sheet per
 * county with every intent line and an empty 签字 column, 按产品 (demand against capacity)
 * and 按单位. Written on a streaming WorkbookWriter one sheet after another; lines arrive
 * in batches and each row is committed as it is written.
 *
 * Totals are sums in integer fen, converted to yuan once (never sums of yuan floats), and
 * written as values rather than SUM formulas: the value is exact to the fen, is what
 * FairTotalsService (and so the dashboard) reports, and shows the same in Excel, WPS and
 * any reader that does not calculate formulas. It is the sheet's total, not the total of
 * the rows a filter leaves visible: the 小计/合计 rows sit outside the autofilter.
 */
import type ExcelJS from 'exceljs';
import { INTENT_STATUS_LABELS } from '../intents/intent-status';
import type { Amounts, CountyFigures, ProductFigures } from '../intents/fair-totals.service';
import { fenToYuan, text } from './cells';
import type { LineRow, WriteSummary } from './export-rows';
import { SheetNames } from './sheet-names';
import { TableSheet, type ColumnSpec, type StreamWorkbook } from './table-sheet';
import { commitWorkbook } from './workbook-stream';

export const SUMMARY_SHEET = '汇总';
export const PRODUCT_SHEET = '按产品';
export const UNIT_SHEET = '按单位';

export const SUMMARY_HEADINGS = [
  '序号',
  '县区代码',
  '县区',
  '上架产品数',
  '采购单位数',
  '意向数',
  '意向数量',
  '意向金额（元）',
  '签约金额（元）',
];
export const COUNTY_HEADINGS = [
  '序号',
  '意向编号',
  '采购单位',
  '单位类型',
  '联系人',
  '联系电话',
  '产品',
  '规格',
  '单位',
  '单价（元）',
  '数量',
  '金额（元）',
  '状态',
  '签字',
];
export const PRODUCT_HEADINGS = [
  '序号',
  '县区',
  '产品编号',
  '产品名称',
  '规格',
  '单位',
  '供货主体',
  '可供量',
  '意向数量',
  '超出数量',
  '采购单位数',
  '意向金额（元）',
  '签约金额（元）',
  '需求状况',
];
export const UNIT_HEADINGS = [
  '序号',
  '采购单位',
  '单位类型',
  '统一社会信用代码',
  '联系人',
  '手机号码',
  '意向数',
  '意向数量',
  '意向金额（元）',
  '签约金额（元）',
];

/** A buyer unit's figures with what the organiser needs to reach it. */
export interface UnitRow extends Amounts {
  unitId: number;
  name: string;
  type: string;
  creditCode: string;
  contactName: string;
  mobile: string;
}

export interface FairWorkbookInput {
  fairName: string;
  /** 2020年10月17日 09:30 (CST) */
  exportedAt: string;
  /** What the filter selected, in words: 范围：全部县区 · 全部单位类型 · 状态：… */
  scope: string;
  /** FairTotalsService.byCounty(filter): the 汇总 rows, and the order of the county sheets. */
  counties: CountyFigures[];
  /** FairTotalsService.totals(filter): the grand total, as the dashboard shows it. */
  totals: Amounts;
  /** The county's lines in batches, read only while its sheet is written. */
  countyLines(county: CountyFigures): AsyncIterable<LineRow[]>;
  products: AsyncIterable<ProductFigures[]>;
  units: AsyncIterable<UnitRow[]>;
}

export interface WriteOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of lines written so far. */
  onProgress?: (lines: number) => void;
}

const col = (header: string, kind: ColumnSpec['kind'], typical?: string): ColumnSpec => ({ header, kind, typical });

/** The two-line title: what the sheet is, then when it was exported and what it covers. */
function title(input: FairWorkbookInput, subject: string): ExcelJS.CellRichTextValue {
  return {
    richText: [
      { text: `${input.fairName} 签约汇总表 · ${subject}`, font: { bold: true, size: 14 } },
      { text: `\n导出时间：${input.exportedAt}\u3000${input.scope}`, font: { size: 10, color: { argb: 'FF555555' } } },
    ],
  };
}

export async function writeFairWorkbook(wb: StreamWorkbook, input: FairWorkbookInput, options: WriteOptions = {}): Promise<WriteSummary> {
  const names = new SheetNames([SUMMARY_SHEET, PRODUCT_SHEET, UNIT_SHEET]);
  let sheets = 0;
  let lines = 0;
  let intendedFen = 0;

  writeSummarySheet(wb, input);
  sheets++;
  for (const county of input.counties) {
    const written = await writeCountySheet(wb, names.take(county.name, county.code), input, county, options, lines);
    lines += written.lines;
    intendedFen += written.amountFen;
    sheets++;
  }
  await writeProductSheet(wb, input, options);
  await writeUnitSheet(wb, input, options);
  sheets += 2;
  await commitWorkbook(wb, options.signal);
  return { sheets, lines, intendedFen };
}

/** 汇总: one row per county, then the grand total from FairTotalsService.totals(). */
export function writeSummarySheet(wb: StreamWorkbook, input: FairWorkbookInput): void {
  const sheet = new TableSheet(wb, SUMMARY_SHEET, {
    title: title(input, '按县区汇总'),
    columns: [
      col('序号', 'int', '0000'),
      col('县区代码', 'text', '341302'),
      col('县区', 'text', '宿州马鞍山现代产业园区'),
      col('上架产品数', 'int'),
      col('采购单位数', 'int'),
      col('意向数', 'int'),
      col('意向数量', 'int', '1,000,000'),
      col('意向金额（元）', 'money', '¥100,000,000.00'),
      col('签约金额（元）', 'money', '¥100,000,000.00'),
    ],
  });
  let published = 0;
  input.counties.forEach((c, i) => {
    published += c.publishedProducts;
    sheet.addRow([
      i + 1,
      text(c.code),
      text(c.name),
      c.publishedProducts,
      c.buyerUnits,
      c.intents,
      c.quantity,
      fenToYuan(c.intendedFen),
      fenToYuan(c.signedFen),
    ]);
  });
  const t = input.totals;
  sheet.addTotalRow([
    '合计',
    null,
    `${input.counties.length} 个县区`,
    published,
    t.buyerUnits,
    t.intents,
    t.quantity,
    fenToYuan(t.intendedFen),
    fenToYuan(t.signedFen),
  ]);
  sheet.addNote(
    '注：合计行的采购单位数和意向数按去重计算（同一单位、同一意向可能涉及多个县区），金额和数量为各县区之和；上架产品数为已发布的产品数，不受筛选影响。金额按意向提交时锁定的单价计算。',
  );
  sheet.commit();
}

/** One county: every line, a 签字 column left empty for the signature at the stand, and a 小计 row. */
export async function writeCountySheet(
  wb: StreamWorkbook,
  name: string,
  input: FairWorkbookInput,
  county: CountyFigures,
  options: WriteOptions = {},
  linesBefore = 0,
): Promise<{ lines: number; quantity: number; amountFen: number }> {
  const sheet = new TableSheet(wb, name, {
    title: title(input, `${county.name}（${county.code}）意向明细`),
    rowHeight: 24,
    columns: [
      col('序号', 'int', '00000'),
      col('意向编号', 'text', 'YX-20201017-0042'),
      col('采购单位', 'text', '宿州市演示第一人民医院后勤'),
      col('单位类型', 'text', '机关事业单位'),
      col('联系人', 'text', '陈经理（演示）'),
      col('联系电话', 'text', '13800000000'),
      col('产品', 'text', '砀山酥梨（金盖酥）礼盒'),
      col('规格', 'text', '5kg/箱'),
      col('单位', 'text', '公斤'),
      col('单价（元）', 'money', '¥10,000.00'),
      col('数量', 'int', '100,000'),
      col('金额（元）', 'money', '¥1,000,000.00'),
      col('状态', 'text', '已签约'),
      col('签字', 'text', '签字签字签字'),
    ],
  });
  let lines = 0;
  let quantity = 0;
  let amountFen = 0;
  for await (const batch of input.countyLines(county)) {
    for (const l of batch) {
      const lineFen = l.quantity * l.unitPriceFen;
      lines++;
      quantity += l.quantity;
      amountFen += lineFen;
      sheet.addRow([
        lines,
        text(l.referenceNo),
        text(l.buyerUnitName),
        text(l.buyerUnitType),
        text(l.contactName),
        text(l.contactPhone),
        text(l.productName),
        text(l.spec),
        text(l.unit),
        fenToYuan(l.unitPriceFen),
        l.quantity,
        fenToYuan(lineFen),
        INTENT_STATUS_LABELS[l.status] ?? text(l.status),
        null,
      ]);
    }
    options.onProgress?.(linesBefore + lines);
    await sheet.flush(options.signal);
  }
  sheet.addTotalRow(['小计', `共 ${lines} 条`, null, null, null, null, null, null, null, null, quantity, fenToYuan(amountFen), null, null]);
  sheet.commit();
  return { lines, quantity, amountFen };
}

/** 按产品: demand against capacity, over-subscription marked in red. */
export async function writeProductSheet(wb: StreamWorkbook, input: FairWorkbookInput, options: WriteOptions = {}): Promise<void> {
  const sheet = new TableSheet(wb, PRODUCT_SHEET, {
    title: title(input, '按产品汇总（意向数量与可供量）'),
    columns: [
      col('序号', 'int', '0000'),
      col('县区', 'text', '埇桥区'),
      col('产品编号', 'text', 'DS-0001'),
      col('产品名称', 'text', '砀山酥梨（金盖酥）礼盒'),
      col('规格', 'text', '5kg/箱'),
      col('单位', 'text', '公斤'),
      col('供货主体', 'text', '砀山县演示果业专业合作社'),
      col('可供量', 'int', '1,000,000'),
      col('意向数量', 'int', '1,000,000'),
      col('超出数量', 'int', '1,000,000'),
      col('采购单位数', 'int'),
      col('意向金额（元）', 'money', '¥10,000,000.00'),
      col('签约金额（元）', 'money', '¥10,000,000.00'),
      col('需求状况', 'text', '超出可供量'),
    ],
  });
  let n = 0;
  let over = 0;
  let intendedFen = 0;
  let signedFen = 0;
  for await (const batch of input.products) {
    for (const p of batch) {
      const excess = p.quantity - p.capacity;
      n++;
      if (excess > 0) over++;
      intendedFen += p.intendedFen;
      signedFen += p.signedFen;
      sheet.addRow(
        [
          n,
          text(p.countyName),
          text(p.code),
          text(p.name),
          text(p.spec),
          text(p.unit),
          text(p.supplierName),
          p.capacity,
          p.quantity,
          excess > 0 ? excess : null,
          p.buyerUnits,
          fenToYuan(p.intendedFen),
          fenToYuan(p.signedFen),
          excess > 0 ? '超出可供量' : null,
        ],
        excess > 0 ? [10, 14] : [],
      );
    }
    await sheet.flush(options.signal);
  }
  sheet.addTotalRow([
    '合计',
    `${n} 种产品`,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    fenToYuan(intendedFen),
    fenToYuan(signedFen),
    over ? `${over} 种超出` : null,
  ]);
  sheet.commit();
}

/** 按单位: one row per buyer unit, largest intended amount first. */
export async function writeUnitSheet(wb: StreamWorkbook, input: FairWorkbookInput, options: WriteOptions = {}): Promise<void> {
  const sheet = new TableSheet(wb, UNIT_SHEET, {
    title: title(input, '按采购单位汇总'),
    columns: [
      col('序号', 'int', '0000'),
      col('采购单位', 'text', '宿州市演示第一人民医院后勤'),
      col('单位类型', 'text', '机关事业单位'),
      col('统一社会信用代码', 'text', '91341302MA7XDM7Q80'),
      col('联系人', 'text', '陈经理（演示）'),
      col('手机号码', 'text', '13800000000'),
      col('意向数', 'int'),
      col('意向数量', 'int', '1,000,000'),
      col('意向金额（元）', 'money', '¥10,000,000.00'),
      col('签约金额（元）', 'money', '¥10,000,000.00'),
    ],
  });
  let n = 0;
  let intents = 0;
  let quantity = 0;
  let intendedFen = 0;
  let signedFen = 0;
  for await (const batch of input.units) {
    for (const u of batch) {
      n++;
      intents += u.intents;
      quantity += u.quantity;
      intendedFen += u.intendedFen;
      signedFen += u.signedFen;
      sheet.addRow([
        n,
        text(u.name),
        text(u.type),
        text(u.creditCode),
        text(u.contactName),
        text(u.mobile),
        u.intents,
        u.quantity,
        fenToYuan(u.intendedFen),
        fenToYuan(u.signedFen),
      ]);
    }
    await sheet.flush(options.signal);
  }
  sheet.addTotalRow(['合计', `${n} 个单位`, null, null, null, null, intents, quantity, fenToYuan(intendedFen), fenToYuan(signedFen)]);
  sheet.commit();
}
