import ExcelJS from 'exceljs';
import type { ColumnKind } from './import-columns';

/**
 * Turns one spreadsheet cell into the text a person typed, or into the reason it cannot be
 * read. Numbers come back as typed ("58", "12.5"), without the float noise that formulas
 * and some editors leave behind; anything that is not plainly a value is refused rather
 * than guessed.
 */
export type CellReading = { text: string } | { problem: string; shown: string };

export const MERGED_CELL_MESSAGE = '该单元格是合并单元格。导入时每行需要分别填写：请取消合并，并在每一行填上内容';
export const FORMULA_WITHOUT_RESULT_MESSAGE = '单元格含公式且没有计算结果，请粘贴为数值';
export const DATE_MESSAGE = 'Excel 把该单元格识别成了日期。本列不填日期：请把单元格设为“文本”格式后重新输入';
export const LONG_NUMBER_MESSAGE =
  'Excel 把该单元格存成了数字，超过 15 位的数字末尾会变成 0（如统一社会信用代码）。请把该列设为“文本”格式后重新输入';

export function readCell(cell: ExcelJS.Cell, kind: ColumnKind): CellReading {
  // exceljs reports the master's value for every cell of a merged range.
  if (cell.type === ExcelJS.ValueType.Merge) return { problem: MERGED_CELL_MESSAGE, shown: '' };
  return readValue(cell.value, kind);
}

function readValue(value: ExcelJS.CellValue, kind: ColumnKind): CellReading {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return numberText(value, kind);
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { problem: DATE_MESSAGE, shown: isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) };
  if ('richText' in value) return { text: value.richText.map((run) => run.text ?? '').join('') };
  if ('error' in value) return { problem: `单元格是错误值 ${value.error}，请改为正确的内容`, shown: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    // Take the value Excel last calculated; a formula never calculated (written by a tool) has none.
    const result = value.result;
    if (result === undefined || result === null) {
      return {
        problem: FORMULA_WITHOUT_RESULT_MESSAGE,
        shown: `=${value.formula ?? ('sharedFormula' in value ? value.sharedFormula : '')}`,
      };
    }
    return readValue(result, kind);
  }
  if ('text' in value) return readValue(value.text as ExcelJS.CellValue, kind); // a link: its text
  return { problem: '无法识别该单元格的内容，请重新输入', shown: '' };
}

function numberText(value: number, kind: ColumnKind): CellReading {
  if (!Number.isFinite(value)) return { problem: '无法识别该单元格中的数字，请重新输入', shown: String(value) };
  // Excel shows at most 15 significant digits; more would be binary noise (0.1 + 0.2).
  const shown = String(Number(value.toPrecision(15)));
  if (kind === 'text' && Math.abs(value) >= 1e15) return { problem: LONG_NUMBER_MESSAGE, shown };
  if (kind === 'price') {
    const fen = value * 100;
    // 12.499999999999998 is 12.50 that took a detour; a real third decimal stays and is refused.
    if (Math.abs(fen - Math.round(fen)) < 1e-6) return { text: String(Math.round(fen) / 100) };
  }
  if (kind === 'integer' && Math.abs(value - Math.round(value)) < 1e-9) return { text: String(Math.round(value)) };
  return { text: shown };
}
