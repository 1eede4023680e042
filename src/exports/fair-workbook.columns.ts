/** What the 签约汇总表's sheets look like: their names, headings, columns and titles. */
import type ExcelJS from 'exceljs';
import type { FairWorkbookInput } from './fair-workbook.writer';
import type { ColumnSpec } from './table-sheet';

export const SUMMARY_SHEET = '汇总';
export const PRODUCT_SHEET = '按产品';
export const UNIT_SHEET = '按单位';

/** The heading rows as readers of the workbook (and its tests) expect them; the columns below must say the same. */
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
  '联系人及电话',
  '产品',
  '规格',
  '单位',
  '单价（元）',
  '意向数量',
  '意向金额（元）',
  '签约数量',
  '签约金额（元）',
  '成交数量',
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

/**
 * Widths are chosen, not fitted: a sheet printed on A4 landscape must stay within about 138
 * units (LibreOffice draws a unit as about 7 pt) for its 11 pt text to print at 9 pt or more
 * once fitted to the page width. Text wraps inside its column and the row grows to fit it.
 */
// Never a width of exactly 9: exceljs drops it as its default.
const col = (header: string, kind: ColumnSpec['kind'], width: number): ColumnSpec => ({ header, kind, width });

export const SUMMARY_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 5),
  col('县区代码', 'text', 10),
  col('县区', 'text', 22),
  col('上架产品数', 'int', 11),
  col('采购单位数', 'int', 11),
  col('意向数', 'int', 10),
  col('意向数量', 'int', 11),
  col('意向金额（元）', 'money', 16),
  col('签约金额（元）', 'money', 16),
];

/** 14 columns, 138.5 units: what the stand needs to find a line, sign it and see "11 of 13". */
export const COUNTY_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('意向编号', 'text', 12),
  col('采购单位', 'text', 13),
  col('联系人及电话', 'text', 12),
  col('产品', 'text', 13),
  col('规格', 'text', 10),
  col('单位', 'text', 4),
  col('单价（元）', 'money', 9.5),
  col('意向数量', 'int', 8),
  col('意向金额（元）', 'money', 12),
  col('签约数量', 'int', 8),
  col('签约金额（元）', 'money', 12),
  col('成交数量', 'int', 8),
  col('签字', 'text', 13),
];

export const PRODUCT_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('县区', 'text', 6),
  col('产品编号', 'text', 10),
  col('产品名称', 'text', 14),
  col('规格', 'text', 10),
  col('单位', 'text', 4),
  col('供货主体', 'text', 14),
  col('可供量', 'int', 10),
  col('意向数量', 'int', 10),
  col('超出数量', 'int', 8),
  col('采购单位数', 'int', 6),
  col('意向金额（元）', 'money', 13),
  col('签约金额（元）', 'money', 13),
  col('需求状况', 'text', 10),
];

export const UNIT_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', 4),
  col('采购单位', 'text', 18),
  col('单位类型', 'text', 8),
  col('统一社会信用代码', 'text', 20),
  col('联系人', 'text', 12),
  col('手机号码', 'text', 12),
  col('意向数', 'int', 6),
  col('意向数量', 'int', 10),
  col('意向金额（元）', 'money', 14),
  col('签约金额（元）', 'money', 14),
];

/** The two-line title: what the sheet is, then when it was exported and what it covers. */
export function sheetTitle(
  input: Pick<FairWorkbookInput, 'fairName' | 'exportedAt' | 'scope'>,
  subject: string,
): ExcelJS.CellRichTextValue {
  return {
    richText: [
      { text: `${input.fairName} 签约汇总表 · ${subject}`, font: { bold: true, size: 14 } },
      { text: `\n导出时间：${input.exportedAt}\u3000${input.scope}`, font: { size: 10, color: { argb: 'FF555555' } } },
    ],
  };
}
