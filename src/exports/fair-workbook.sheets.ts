/** The 签约汇总表's four kinds of sheet, each written row by row onto the streaming workbook. */
import type { CountyFigures } from '../intents/fair-totals.service';
import { fenToYuan, text } from './cells';
import {
  COUNTY_COLUMNS,
  PRODUCT_COLUMNS,
  PRODUCT_SHEET,
  sheetTitle,
  SUMMARY_COLUMNS,
  SUMMARY_SHEET,
  UNIT_COLUMNS,
  UNIT_SHEET,
} from './fair-workbook.columns';
import type { FairWorkbookInput, WriteOptions } from './fair-workbook.writer';
import { TableSheet, type StreamWorkbook } from './table-sheet';

/** 汇总: one row per county, then the grand total from FairTotalsService.totals(). */
export function writeSummarySheet(wb: StreamWorkbook, input: FairWorkbookInput): void {
  const sheet = new TableSheet(wb, SUMMARY_SHEET, {
    title: sheetTitle(input, '按县区汇总'),
    columns: SUMMARY_COLUMNS,
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

/**
 * One county: every line with what was signed (签约) and delivered (成交) beside what was
 * intended, a 签字 column left empty for the signature at the stand, and a 小计 row.
 */
export async function writeCountySheet(
  wb: StreamWorkbook,
  name: string,
  input: FairWorkbookInput,
  county: CountyFigures,
  options: WriteOptions = {},
  linesBefore = 0,
): Promise<{ lines: number; quantity: number; amountFen: number }> {
  const sheet = new TableSheet(wb, name, {
    title: sheetTitle(input, `${county.name}（${county.code}）意向明细`),
    rowHeight: 36, // room to sign: about 10 mm once fitted to the page
    columns: COUNTY_COLUMNS,
  });
  let lines = 0;
  let quantity = 0;
  let amountFen = 0;
  let signed = 0;
  let signedFen = 0;
  let delivered = 0;
  for await (const batch of input.countyLines(county)) {
    for (const l of batch) {
      const lineFen = l.quantity * l.unitPriceFen;
      lines++;
      quantity += l.quantity;
      amountFen += lineFen;
      signed += l.signedQuantity ?? 0;
      signedFen += (l.signedQuantity ?? 0) * l.unitPriceFen;
      delivered += l.deliveredQuantity ?? 0;
      sheet.addRow([
        lines,
        text(l.referenceNo),
        text(l.buyerUnitName),
        [l.contactName, l.contactPhone].filter(Boolean).join('\n'),
        text(l.productName),
        text(l.spec),
        text(l.unit),
        fenToYuan(l.unitPriceFen),
        l.quantity,
        fenToYuan(lineFen),
        l.signedQuantity,
        l.signedQuantity === null ? null : fenToYuan(l.signedQuantity * l.unitPriceFen),
        l.deliveredQuantity,
        null,
      ]);
    }
    options.onProgress?.(linesBefore + lines);
    await sheet.flush(options.signal);
  }
  sheet.addTotalRow([
    '小计',
    `共 ${lines} 条`,
    null,
    null,
    null,
    null,
    null,
    null,
    quantity,
    fenToYuan(amountFen),
    signed,
    fenToYuan(signedFen),
    delivered,
    null,
  ]);
  sheet.commit();
  return { lines, quantity, amountFen };
}

/** 按产品: demand against capacity, over-subscription marked in red. */
export async function writeProductSheet(wb: StreamWorkbook, input: FairWorkbookInput, options: WriteOptions = {}): Promise<void> {
  const sheet = new TableSheet(wb, PRODUCT_SHEET, {
    title: sheetTitle(input, '按产品汇总（意向数量与可供量）'),
    columns: PRODUCT_COLUMNS,
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
    title: sheetTitle(input, '按采购单位汇总'),
    columns: UNIT_COLUMNS,
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
