import { columnLetter, parseCellRef, parseRangeRef } from './cell-refs';
import { HEADER_ROW, MAX_CELLS, MAX_COLUMNS, MAX_MERGED_CELLS, MAX_ROWS } from './import-limits';
import { CORRUPT_MESSAGE, refuseFile, TOO_MANY_CELLS_MESSAGE, TOO_MUCH_TEXT_MESSAGE } from './xlsx-errors';
import { attr, escapeText, MAIN_NS, MAX_CELL_CHARS, walk } from './xlsx-xml';

/** The worksheet part of the rebuild (see xlsx-parts.ts): only cells with a value, merges clipped to them. */

const CELL_TYPES = new Set(['s', 'str', 'inlineStr', 'b', 'e', 'n', 'd']);
const MAX_MERGE_RANGES = 10_000;

export const rowsOverLimitMessage = (rows: number) =>
  `表格中有 ${rows.toLocaleString('en-US')} 行数据，每次最多导入 ${MAX_ROWS.toLocaleString('en-US')} 行。请分成几个文件分别导入`;

/** One worksheet reduced to its valued cells (and merges among them), with every count capped. */
export function rebuildSheet(xml: string, styleMap: readonly number[]): string {
  const rows = new Map<number, string[]>();
  const merges: { top: number; left: number; bottom: number; right: number }[] = [];
  let productRows = 0;
  let lastCountedRow = 0;
  let cells = 0;
  let maxRow = 0;
  let maxCol = 0;
  let rowNumber = 0;
  let colNumber = 0;
  let cell: { row: number; col: number; type?: string; style?: string; value: string[]; formula: string[]; inline: string[] } | null = null;
  let inRun = 0;
  let collecting: 'value' | 'formula' | 'inline' | null = null;
  let depthInPhonetic = 0;
  let length = 0;
  let runs = 0;

  walk(xml, {
    open(name, attrs) {
      if (name === 'row') {
        const r = attr(attrs, 'r');
        rowNumber = r === undefined ? rowNumber + 1 : Number(r);
        if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > 1_048_576) throw refuseFile(CORRUPT_MESSAGE);
        colNumber = 0;
      } else if (name === 'c') {
        const ref = attr(attrs, 'r');
        const at = ref === undefined ? { row: rowNumber, col: colNumber + 1 } : parseCellRef(ref);
        if (!at || at.row !== rowNumber) throw refuseFile(CORRUPT_MESSAGE);
        colNumber = at.col;
        const type = attr(attrs, 't');
        const style = attr(attrs, 's');
        cell = {
          ...at,
          type: type && CELL_TYPES.has(type) ? type : undefined,
          style: style && /^\d{1,6}$/.test(style) && Number(style) < styleMap.length ? String(styleMap[Number(style)]) : undefined,
          value: [],
          formula: [],
          inline: [],
        };
        length = 0;
        runs = 0;
      } else if (cell && name === 'v') collecting = 'value';
      else if (cell && name === 'f') collecting = 'formula';
      else if (cell && name === 'rPh') depthInPhonetic++;
      else if (cell && name === 'is') inRun++;
      else if (cell && name === 'r' && ++runs > MAX_CELL_CHARS)
        throw refuseFile(TOO_MUCH_TEXT_MESSAGE); // see rebuildSharedStrings
      else if (cell && inRun && name === 't' && depthInPhonetic === 0) collecting = 'inline';
      else if (name === 'mergeCell') {
        if (merges.length >= MAX_MERGE_RANGES) throw refuseFile('工作表中合并单元格过多，请取消合并单元格后再上传');
        const range = parseRangeRef(attr(attrs, 'ref') ?? '');
        if (range) merges.push(range);
      }
    },
    text(text) {
      if (!cell || !collecting) return;
      length += text.length;
      if (length > MAX_CELL_CHARS) throw refuseFile(TOO_MUCH_TEXT_MESSAGE);
      cell[collecting].push(text);
    },
    close(name) {
      if (name === 'v' || name === 'f' || name === 't') collecting = null;
      else if (name === 'rPh') depthInPhonetic--;
      else if (name === 'is') inRun--;
      else if (name === 'c' && cell) {
        const xmlCell = cellXml(cell);
        if (xmlCell) {
          if (cell.col > MAX_COLUMNS) {
            throw refuseFile(
              `第 ${cell.row} 行 ${columnLetter(cell.col)} 列有内容，超出了模板的列范围。请使用新下载的模板，不要在右侧添加内容`,
            );
          }
          let row = rows.get(cell.row);
          if (!row && cell.row > HEADER_ROW && cell.row !== lastCountedRow) {
            lastCountedRow = cell.row;
            productRows++;
          }
          if (!row && productRows > MAX_ROWS) {
            // Past the limit rows are only counted, so the message can say how many there are.
            cell = null;
            return;
          }
          if (!row) {
            row = [];
            rows.set(cell.row, row);
          }
          if (++cells > MAX_CELLS) throw refuseFile(TOO_MANY_CELLS_MESSAGE);
          row.push(xmlCell);
          maxRow = Math.max(maxRow, cell.row);
          maxCol = Math.max(maxCol, cell.col);
        }
        cell = null;
      }
    },
  });

  if (productRows > MAX_ROWS) throw refuseFile(rowsOverLimitMessage(productRows));

  // Merges matter only where there is content: clip each to the valued area, so a range over
  // the whole sheet costs nothing, and cap what remains.
  let mergedArea = 0;
  const kept: string[] = [];
  for (const m of merges) {
    const bottom = Math.min(m.bottom, maxRow);
    const right = Math.min(m.right, maxCol);
    if (bottom < m.top || right < m.left || (bottom === m.top && right === m.left)) continue;
    mergedArea += (bottom - m.top + 1) * (right - m.left + 1);
    if (mergedArea > MAX_MERGED_CELLS) throw refuseFile('工作表中合并单元格的范围过大，请取消合并单元格后再上传');
    kept.push(`<mergeCell ref="${columnLetter(m.left)}${m.top}:${columnLetter(right)}${bottom}"/>`);
  }
  const rowsXml = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, cellsXml]) => `<row r="${n}">${cellsXml.join('')}</row>`)
    .join('');
  const mergeXml = kept.length ? `<mergeCells count="${kept.length}">${kept.join('')}</mergeCells>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}"><sheetData>${rowsXml}</sheetData>${mergeXml}</worksheet>`;
}

/** A cell with a value (typed, cached formula result, or inline text); null for formatting only. */
function cellXml(cell: { row: number; col: number; type?: string; style?: string; value: string[]; formula: string[]; inline: string[] }) {
  const value = cell.value.join('');
  const formula = cell.formula.join('');
  const inline = cell.inline.join('');
  if (!value && !formula && !(cell.type === 'inlineStr' && inline)) return null;
  const ref = `${columnLetter(cell.col)}${cell.row}`;
  const attrs = `r="${ref}"${cell.type ? ` t="${cell.type}"` : ''}${cell.style ? ` s="${cell.style}"` : ''}`;
  if (cell.type === 'inlineStr') return `<c ${attrs}><is><t xml:space="preserve">${escapeText(inline)}</t></is></c>`;
  // Shared and array formulas keep only their text: their ranges are never expanded.
  const f = formula ? `<f>${escapeText(formula)}</f>` : '';
  return `<c ${attrs}>${f}${value ? `<v>${escapeText(value)}</v>` : ''}</c>`;
}
