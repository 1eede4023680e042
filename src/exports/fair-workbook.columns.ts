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

const col = (header: string, kind: ColumnSpec['kind'], typical?: string): ColumnSpec => ({ header, kind, typical });

export const SUMMARY_COLUMNS: ColumnSpec[] = [
  col('序号', 'int', '0000'),
  col('县区代码', 'text', '341302'),
  col('县区', 'text', '宿州马鞍山现代产业园区'),
  col('上架产品数', 'int'),
  col('采购单位数', 'int'),
  col('意向数', 'int'),
  col('意向数量', 'int', '1,000,000'),
  col('意向金额（元）', 'money', '¥100,000,000.00'),
  col('签约金额（元）', 'money', '¥100,000,000.00'),
];

export const COUNTY_COLUMNS: ColumnSpec[] = [
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
];

export const PRODUCT_COLUMNS: ColumnSpec[] = [
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
];

export const UNIT_COLUMNS: ColumnSpec[] = [
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
