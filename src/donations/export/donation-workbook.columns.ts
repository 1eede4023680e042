/** What the 认领认捐汇总表's sheets look like: their names, columns and titles. */
import type ExcelJS from 'exceljs';
import type { ColumnSpec } from '../../exports/table-sheet';

export const DONATION_SUMMARY_SHEET = '汇总';
export const RECEIPTS_SHEET = '捐赠明细';
export const DISBURSEMENTS_SHEET = '资金使用';

/** The line of the city office's fund on 汇总, and of a county's undirected money on its sheet. */
export const CITY_FUND_LABEL = '市级统筹（不定向）';
export const COUNTY_FUND_LABEL = '县级统筹（不定向）';

// Never a width of exactly 9: exceljs drops it as its default. Each sheet stays within about
// 138 units so that, fitted to the width of A4 landscape, its text prints at 9 pt or more.
const col = (header: string, kind: ColumnSpec['kind'], width: number): ColumnSpec => ({ header, kind, width });

/** 汇总: 9 columns, 112 units. */
export const DONATION_SUMMARY_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 5),
  col('县区代码', 'text', 10),
  col('县区', 'text', 20),
  col('项目数', 'int', 8),
  col('所需金额（元）', 'money', 14),
  col('认捐金额（元）', 'money', 14),
  col('到账金额（元）', 'money', 14),
  col('已使用（元）', 'money', 14),
  col('余额（元）', 'money', 13),
];

/** A county's projects: 13 columns, 134 units. Dates are text (2020年10月17日: 15 units, one line). */
export const PROJECT_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('项目名称', 'text', 18),
  col('类别', 'text', 6),
  col('乡镇（村）', 'text', 10),
  col('方式', 'text', 6),
  col('状态', 'text', 7),
  col('截止日期', 'text', 15),
  col('受益户数', 'int', 6),
  col('所需金额（元）', 'money', 14),
  col('认捐（元）', 'money', 12),
  col('到账（元）', 'money', 12),
  col('已使用（元）', 'money', 12),
  col('余额（元）', 'money', 12),
];

/**
 * 捐赠明细: 12 columns, 138 units. The organiser's internal sheet names the donor (the office
 * must reconcile with the bank and answer the donor); 公示方式 says whether the public pages
 * print the name or 匿名. Phone numbers are never exported.
 */
export const RECEIPT_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('票据号', 'text', 21),
  col('出票单位', 'text', 7),
  col('捐赠去向', 'text', 15),
  col('捐赠人', 'text', 13),
  col('公示方式', 'text', 7),
  col('捐赠人类别', 'text', 8),
  col('认捐编号', 'text', 17),
  col('到账日期', 'text', 15),
  col('金额（元）', 'money', 12),
  col('银行流水号', 'text', 10),
  col('状态', 'text', 9),
];

/** 资金使用: 8 columns, 118 units. */
export const DISBURSEMENT_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('县区', 'text', 7),
  col('项目', 'text', 20),
  col('支付日期', 'text', 15),
  col('收款方', 'text', 18),
  col('用途', 'text', 31),
  col('金额（元）', 'money', 13),
  col('支付凭证', 'text', 10),
];

export const headingsOf = (columns: ColumnSpec[]): string[] => columns.map((c) => c.header);

/** The two-line title: what the sheet is, then when it was exported. */
export function donationSheetTitle(input: { fairName: string; exportedAt: string }, subject: string): ExcelJS.CellRichTextValue {
  return {
    richText: [
      { text: `${input.fairName} 认领认捐汇总表 · ${subject}`, font: { bold: true, size: 14 } },
      {
        text: `\n导出时间：${input.exportedAt}\u3000内部工作表，含捐赠人真实姓名，请勿公开`,
        font: { size: 10, color: { argb: 'FF555555' } },
      },
    ],
  };
}
