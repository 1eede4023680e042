import { MAX_PRICE_FEN, MAX_QUANTITY, PRODUCT_FIELD_LABELS, type ProductInputDto } from '../dto/product-input.dto';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '../product-options';
import { PRODUCT_TEXT_LIMITS } from '../product-limits';

/**
 * The import's columns: the form's labels as headings, in the form's order, with what the
 * template's instructions say about each. The rules restate ProductInputDto (which does the
 * checking); import-template.spec.ts checks that the two agree.
 */

/** How a column's cells are read and formatted: text stays text, numbers get a number format. */
export type ColumnKind = 'text' | 'choice' | 'price' | 'integer';

export interface ImportColumn {
  /** The DTO field the column fills. */
  key: string;
  heading: string;
  required: boolean;
  kind: ColumnKind;
  /** What to type, in the words of the instructions sheet. */
  rule: string;
  example: string;
  choices?: readonly string[];
  /** Smallest whole number Excel's own check accepts in an integer column (default 1). */
  min?: number;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US');

const RULES: Record<keyof ProductInputDto, Omit<ImportColumn, 'key' | 'heading'>> = {
  code: {
    required: true,
    kind: 'text',
    rule: `本县自编的产品编号：字母、数字、横线“-”或下划线“_”，以字母或数字开头，最多 ${PRODUCT_TEXT_LIMITS.code} 个字符。同一县内不能重复；导入时按编号识别产品：编号已存在则更新该产品，不存在则新增`,
    example: 'EX-001',
  },
  name: { required: true, kind: 'text', rule: `最多 ${PRODUCT_TEXT_LIMITS.name} 个字符`, example: '砀山酥梨（示例）' },
  category: {
    required: true,
    kind: 'choice',
    rule: `从下拉列表中选择：${PRODUCT_CATEGORIES.join('、')}`,
    example: '蔬菜水果',
    choices: PRODUCT_CATEGORIES,
  },
  spec: { required: true, kind: 'text', rule: `最多 ${PRODUCT_TEXT_LIMITS.spec} 个字符，如 5kg/箱、500g×2 袋/盒`, example: '5kg/箱' },
  unit: {
    required: true,
    kind: 'choice',
    rule: `从下拉列表中选择：${PRODUCT_UNITS.join('、')}`,
    example: '箱',
    choices: PRODUCT_UNITS,
  },
  price: {
    required: true,
    kind: 'price',
    rule: `每个计量单位的参考价，单位：元。大于 0，最多两位小数，不超过 ${yuan(MAX_PRICE_FEN)} 元，如 58 或 12.50；只填数字，不要写“元”`,
    example: '58.00',
  },
  capacity: {
    required: true,
    kind: 'integer',
    rule: `可供应的数量（按计量单位计），整数，1 至 ${MAX_QUANTITY.toLocaleString('en-US')}`,
    example: '5000',
  },
  minOrder: { required: true, kind: 'integer', rule: '一次最少订购的数量（按计量单位计），整数，至少 1，不能大于可供量', example: '10' },
  supplierName: {
    required: true,
    kind: 'text',
    rule: `企业、农民专业合作社或家庭农场的名称，最多 ${PRODUCT_TEXT_LIMITS.supplierName} 个字符`,
    example: '砀山县某某果蔬专业合作社（示例）',
  },
  supplierCreditCode: {
    required: true,
    kind: 'text',
    rule: '供货主体的统一社会信用代码：18 位数字或大写字母（不含 I、O、S、V、Z），最后一位校验位须正确',
    example: '93341321MAD32EDY3D',
  },
  certificateNo: {
    required: false,
    kind: 'text',
    rule: `扶贫产品认定证书上的编号，最多 ${PRODUCT_TEXT_LIMITS.certificateNo} 个字符`,
    example: 'FP-2020-0001',
  },
  origin: {
    required: true,
    kind: 'text',
    rule: `产品的产地，写到乡镇或村，最多 ${PRODUCT_TEXT_LIMITS.origin} 个字符`,
    example: '砀山县良梨镇',
  },
  povertyHouseholds: { required: false, kind: 'integer', min: 0, rule: '带动的贫困户户数，整数，0 至 1,000,000', example: '35' },
  description: {
    required: false,
    kind: 'text',
    rule: `产品特点、包装、保质期等，最多 ${PRODUCT_TEXT_LIMITS.description.toLocaleString('en-US')} 个字符`,
    example: '当季鲜果，产地直发',
  },
};

/** A product sheet's column: its key is a product field. */
export type ProductImportColumn = ImportColumn & { key: keyof ProductInputDto };

export const IMPORT_COLUMNS: readonly ProductImportColumn[] = (Object.keys(PRODUCT_FIELD_LABELS) as (keyof ProductInputDto)[]).map(
  (key) => ({
    key,
    heading: PRODUCT_FIELD_LABELS[key],
    ...RULES[key],
  }),
);

/** The sheet the import reads (otherwise the first sheet) and the template's instructions sheet. */
export const IMPORT_SHEET_NAME = '产品导入';
export const INSTRUCTIONS_SHEET_NAME = '填写说明';

/** The example's product code: a row carrying it was copied from the instructions by mistake. */
export const EXAMPLE_CODE = RULES.code.example;

/**
 * Headings compared loosely: no spaces or line breaks, no required-field "*", and
 * full-width punctuation as half-width ("参考单价(元)" is "参考单价（元）").
 */
export function normaliseHeading(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000*]/g, '');
}
