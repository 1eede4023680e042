import ExcelJS from 'exceljs';
import { columnLetter } from './cell-refs';
import { IMPORT_COLUMNS, IMPORT_SHEET_NAME, INSTRUCTIONS_SHEET_NAME, type ColumnKind, type ImportColumn } from './import-columns';
import { HEADER_ROW, MAX_FILE_LABEL, MAX_ROWS } from './import-limits';

/**
 * The import template, built in code on every download (a stored file's drop-downs go
 * stale or vanish when someone edits it). Pure: no request, no database.
 *
 * The example row lives on the instructions sheet, not in 产品导入: a clerk who forgets to
 * delete an example row would import a fake product, while an empty sheet below the
 * headings can only be filled with their own rows. (A row copied over anyway carries the
 * example's code, which the parser refuses.)
 */

const RED = 'FFC00000';
const HEADER_FILL = 'FFF2F2F2';
const LAST_TEMPLATE_ROW = HEADER_ROW + MAX_ROWS;

const NUMBER_FORMATS: Record<ColumnKind, string> = {
  // Text format keeps codes as typed: no 1.23E+17, no lost leading zeros, no dates from "5/10".
  text: '@',
  choice: '@',
  price: '0.00',
  integer: '0',
};

/** Width in Excel's units: a Chinese character is about two of them. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return w;
}

/** A template: the data sheet's name and columns, the instructions sheet's title and numbered notes. */
export interface TemplateSpec {
  sheetName: string;
  columns: readonly ImportColumn[];
  title: string;
  notes: string[];
}

const PRODUCT_TEMPLATE: TemplateSpec = {
  sheetName: IMPORT_SHEET_NAME,
  columns: IMPORT_COLUMNS,
  title: '扶贫产品批量导入 · 填写说明',
  notes: [
    `1. 在“${IMPORT_SHEET_NAME}”工作表中从第 ${HEADER_ROW + 1} 行开始填写，每行一个产品。第 ${HEADER_ROW} 行的列标题不要修改，不要插入、删除或调换列。`,
    '2. 列标题前带红色“*”的列为必填；其余列可以留空。',
    '3. 产品编号是本县产品的识别号：表中的编号在本县已存在时更新该产品，不存在时新增产品。同一份表格重复导入不会产生重复产品。',
    '4. 新增的产品导入后为“待审核”，由组织方审核后发布；已发布产品的参考单价、可供量、认定编号有变化时，需组织方重新审核，审核通过前公开页面显示原值。',
    `5. 只接受 .xlsx 格式（在 Excel 或 WPS 中“另存为”Excel 工作簿 .xlsx），文件不超过 ${MAX_FILE_LABEL}，每次最多 ${MAX_ROWS} 行产品。`,
    '6. 请直接填写数值，不要使用公式；从别的表格复制时，请用“选择性粘贴 → 数值”。不要合并单元格。',
    '7. 上传后会先显示预览，逐行列出有问题的单元格（第几行、哪一列、原因）。只要有一行有问题，就不会写入任何数据；改好后重新上传即可。',
    '8. 下面“示例”一列只是填写参考，请不要把示例复制到产品导入表中。',
  ],
};

/** The county's product template. */
export function buildImportTemplate(): ExcelJS.Workbook {
  return buildSheetTemplate(PRODUCT_TEMPLATE);
}

export function buildSheetTemplate(spec: TemplateSpec): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '消费扶贫展销会平台';
  workbook.created = new Date();
  addDataSheet(workbook, spec);
  addInstructionsSheet(workbook, spec);
  return workbook;
}

function addDataSheet(workbook: ExcelJS.Workbook, { sheetName, columns: IMPORT_COLUMNS }: TemplateSpec): void {
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
  });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    key: c.key,
    width: c.key === 'description' ? 40 : Math.min(40, Math.max(10, textWidth(c.heading) + 4, textWidth(c.example) + 2)),
    style: { numFmt: NUMBER_FORMATS[c.kind] },
  }));

  const header = sheet.getRow(HEADER_ROW);
  header.height = 30;
  IMPORT_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    // Required columns start with a red "*", as on paper forms; the parser ignores the mark.
    cell.value = column.required
      ? {
          richText: [
            { text: '*', font: { bold: true, color: { argb: RED } } },
            { text: column.heading, font: { bold: true } },
          ],
        }
      : { richText: [{ text: column.heading, font: { bold: true } }] };
    cell.numFmt = '@';
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = { bottom: { style: 'thin' } };
    cell.note = `${column.required ? '必填' : '选填'}。${column.rule}`;
  });

  // Range validations exist in exceljs 4 (one <dataValidation> per column) but not in its typings.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  IMPORT_COLUMNS.forEach((column, i) => {
    const range = `${columnLetter(i + 1)}${HEADER_ROW + 1}:${columnLetter(i + 1)}${LAST_TEMPLATE_ROW}`;
    const validation = excelValidation(column);
    if (validation) validations.add(range, validation);
  });
}

/** Excel's own check while typing: drop-downs for the lists, number ranges for amounts. */
function excelValidation(column: ImportColumn): ExcelJS.DataValidation | null {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: column.heading };
  if (column.choices) {
    return {
      ...common,
      type: 'list',
      formulae: [`"${column.choices.join(',')}"`],
      showInputMessage: true,
      promptTitle: column.heading,
      prompt: '请从下拉列表中选择',
      error: `请从下拉列表中选择：${column.choices.join('、')}`,
    };
  }
  if (column.kind === 'price') {
    return { ...common, type: 'decimal', operator: 'greaterThan', formulae: [0], error: column.rule };
  }
  if (column.kind === 'integer') {
    return {
      ...common,
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [column.min ?? 1],
      error: column.rule,
    };
  }
  return null;
}

function addInstructionsSheet(workbook: ExcelJS.Workbook, { columns: IMPORT_COLUMNS, title: titleText, notes }: TemplateSpec): void {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET_NAME);
  sheet.columns = [{ width: 6 }, { width: 26 }, { width: 8 }, { width: 70 }, { width: 30 }];
  const wrap: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };

  const title = sheet.addRow([titleText]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([]);
  for (const note of notes) {
    const row = sheet.addRow(['', note]);
    sheet.mergeCells(row.number, 2, row.number, 5);
    row.getCell(2).alignment = wrap;
    row.height = 32;
  }
  sheet.addRow([]);

  const head = sheet.addRow(['列', '列标题', '是否必填', '填写要求', '示例']);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = { bottom: { style: 'thin' } };
  });
  IMPORT_COLUMNS.forEach((column, i) => {
    const row = sheet.addRow([columnLetter(i + 1), column.heading, column.required ? '必填' : '选填', column.rule, column.example]);
    row.alignment = wrap;
    if (column.required) row.getCell(3).font = { color: { argb: RED } };
    // Examples are text here, whatever they look like, so that "58.00" reads as typed.
    row.getCell(5).numFmt = '@';
    row.height = Math.max(20, Math.ceil(textWidth(column.rule) / 68) * 16);
  });
}
