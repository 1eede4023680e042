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
import type { Amounts, CountyFigures, ProductFigures } from '../intents/fair-totals.service';
import type { LineRow, WriteSummary } from './export-rows';
import { PRODUCT_SHEET, SUMMARY_SHEET, UNIT_SHEET } from './fair-workbook.columns';
import { writeCountySheet, writeProductSheet, writeSummarySheet, writeUnitSheet } from './fair-workbook.sheets';
import { SheetNames } from './sheet-names';
import type { StreamWorkbook } from './table-sheet';
import { commitWorkbook } from './workbook-stream';
import type { Completion } from '../targets/target-completion.service';
import { TARGET_SHEET, writeTargetSheet } from './target-sheet.writer';

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
  /** 认购目标 completion under the same filter: the 目标完成情况 sheet (target-sheet.writer.ts). */
  targets?: Completion;
}

export interface WriteOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of lines written so far. */
  onProgress?: (lines: number) => void;
}

export async function writeFairWorkbook(wb: StreamWorkbook, input: FairWorkbookInput, options: WriteOptions = {}): Promise<WriteSummary> {
  const names = new SheetNames([SUMMARY_SHEET, PRODUCT_SHEET, UNIT_SHEET, TARGET_SHEET]);
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
  if (input.targets) {
    writeTargetSheet(wb, input, input.targets);
    sheets++;
  }
  await commitWorkbook(wb, options.signal);
  return { sheets, lines, intendedFen };
}
