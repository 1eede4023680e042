import { BUYER_UNIT_TYPES } from '../../buyers/buyer-unit-types';
import type { ImportColumn } from '../../products/import/import-columns';
import { HEADER_ROW, MAX_FILE_LABEL, MAX_ROWS } from '../../products/import/import-limits';
import type { TemplateSpec } from '../../products/import/import-template';
import type { SheetSpec } from '../../products/import/sheet-spec';
import { TARGET_FIELD_LABELS, TargetInputDto, targetValuesFrom, type TargetValues } from '../dto/target-input.dto';
import { MAX_TARGET_LABEL } from '../target-limits';

/**
 * The organiser's target sheet (认购目标) for the generic Excel import: one row per unit,
 * keyed by its credit code. Loaded by the parse worker by module path (TARGET_SHEET_MODULE).
 */

export const TARGET_SHEET_NAME = '认购目标';

export const TARGET_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'unitName',
    heading: TARGET_FIELD_LABELS.unitName,
    required: true,
    kind: 'text',
    rule: '单位全称，最多 100 个字符',
    example: '宿州市某某局（示例）',
  },
  {
    key: 'creditCode',
    heading: TARGET_FIELD_LABELS.creditCode,
    required: true,
    kind: 'text',
    rule: '18 位数字或大写字母（不含 I、O、S、V、Z），最后一位校验位须正确。同一展销会内每个代码只能有一个目标；已有目标的代码导入时更新其目标',
    example: '11341300MB1234567X',
  },
  {
    key: 'unitType',
    heading: TARGET_FIELD_LABELS.unitType,
    required: true,
    kind: 'choice',
    rule: `从下拉列表中选择：${BUYER_UNIT_TYPES.join('、')}`,
    example: '机关事业单位',
    choices: BUYER_UNIT_TYPES,
  },
  {
    key: 'amount',
    heading: TARGET_FIELD_LABELS.amount,
    required: true,
    kind: 'price',
    rule: `认购目标金额，单位：元。大于 0，最多两位小数，不超过 ${MAX_TARGET_LABEL}，如 50000 或 12500.50；只填数字，不要写“元”或“万元”`,
    example: '50000.00',
  },
];

export const SHEET_SPEC: SheetSpec<TargetValues> = {
  sheetName: TARGET_SHEET_NAME,
  rowNoun: '认购目标',
  columns: TARGET_COLUMNS,
  dto: TargetInputDto,
  keyColumn: 'creditCode',
  nameColumn: 'unitName',
  // Codes are compared as stored (upper case, no spaces): "91 3413…" and "913413…" are one unit.
  keyOf: (dto, text) => (dto as TargetInputDto).creditCode || text,
  duplicateMessage: (code, count, rows) => `统一社会信用代码“${code}”在表中出现了 ${count} 次（${rows}），每个单位只能填写一行`,
  values: (dto) => targetValuesFrom(dto as TargetInputDto),
};

/** The module the parse worker loads for target sheets. */
export const TARGET_SHEET_MODULE = __filename;

export const TARGET_TEMPLATE: TemplateSpec = {
  sheetName: TARGET_SHEET_NAME,
  columns: TARGET_COLUMNS,
  title: '采购单位认购目标导入 · 填写说明',
  notes: [
    `1. 在“${TARGET_SHEET_NAME}”工作表中从第 ${HEADER_ROW + 1} 行开始填写，每行一个单位。第 ${HEADER_ROW} 行的列标题不要修改，不要插入、删除或调换列。`,
    '2. 四列均为必填。统一社会信用代码是单位的识别号：单位注册账号时填写同一代码，目标即归属该单位，尚未注册的单位注册后自动关联。',
    '3. 表中的代码在本届展销会已有目标时更新该目标，没有时新增。同一份表格重复导入不会产生重复目标。',
    `4. 只接受 .xlsx 格式，文件不超过 ${MAX_FILE_LABEL}，每次最多 ${MAX_ROWS} 行。`,
    '5. 请直接填写数值，不要使用公式；统一社会信用代码一列请保持“文本”格式。不要合并单元格。',
    '6. 上传后会先显示预览，逐行列出有问题的单元格（第几行、哪一列、原因）。只要有一行有问题，就不会写入任何数据；改好后重新上传即可。',
    '7. 下面“示例”一列只是填写参考，请不要把示例复制到认购目标表中。',
  ],
};
