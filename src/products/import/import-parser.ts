import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import ExcelJS from 'exceljs';
import { toFieldErrors } from '../../common/validation';
import type { ProductValues } from '../dto/product-input.dto';
import { readCell, type CellReading } from './import-cells';
import { normaliseHeading, type ImportColumn } from './import-columns';
import { HEADER_ROW, MAX_ROWS } from './import-limits';
import { columnLetter } from './cell-refs';
import { SHEET_SPEC as PRODUCT_SHEET } from './product-sheet';
import type { SheetSpec } from './sheet-spec';
import { CORRUPT_MESSAGE, openXlsxSafely, refuseFile } from './xlsx-container';

/**
 * Reads an uploaded sheet described by a SheetSpec (products, targets): checks the file and
 * its headings (a file-level problem is thrown as refuseFile(...)), then checks every row
 * with the same DTO as the form and names each bad cell by the row number and column letter
 * Excel shows.
 */

export interface ImportProblem {
  /** Excel's row number (the heading is row 1). */
  row: number;
  /** Column letter as Excel shows it ("C"). */
  column: string;
  heading: string;
  /** What the cell holds, as text (shortened). */
  value: string;
  message: string;
  /** "第 5 行 C 列（产品类别）" */
  where: string;
}

export interface ImportRow<V = ProductValues> {
  row: number;
  /** The key column's text (product code, credit code). */
  code: string;
  /** The name column's text. */
  name: string;
  problems: ImportProblem[];
  /** Set only when the row has no problem. */
  values: V | null;
}

export interface ParsedImport<V = ProductValues> {
  sheetName: string;
  rows: ImportRow<V>[];
  validCount: number;
  invalidCount: number;
  /** Problems left out of `rows` beyond the first MAX_PROBLEMS_LISTED (their rows still count as invalid). */
  unlistedProblems: number;
}

const NO_HEADING = '无列标题';
const VALUE_PREVIEW_LENGTH = 60;
/** Most problems the preview lists (see listFirstProblems). */
export const MAX_PROBLEMS_LISTED = 1000;
/** Row numbers a duplicate-code message lists before "等". */
const MAX_ROWS_NAMED = 10;

export function parseProductImport(file: Buffer): Promise<ParsedImport> {
  return parseSheetImport(file, PRODUCT_SHEET);
}

export async function parseSheetImport<V>(file: Buffer, spec: SheetSpec<V>): Promise<ParsedImport<V>> {
  const safe = await openXlsxSafely(file, spec.sheetName);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(safe as unknown as ExcelJS.Buffer);
  } catch {
    throw refuseFile(CORRUPT_MESSAGE);
  }
  const sheet = workbook.getWorksheet(spec.sheetName) ?? workbook.worksheets[0];
  if (!sheet) throw refuseFile(`文件中没有工作表，请在下载的模板的“${spec.sheetName}”工作表中填写后上传`);

  const columns = readHeadings(sheet, spec.columns);
  const rowNumbers = nonEmptyRows(sheet, columns);
  if (rowNumbers.length === 0) {
    throw refuseFile(`“${sheet.name}”工作表中没有${spec.rowNoun}：请从第 ${HEADER_ROW + 1} 行开始，每行填写一个${spec.rowNoun}`);
  }
  if (rowNumbers.length > MAX_ROWS) {
    throw refuseFile(
      `表格中有 ${rowNumbers.length.toLocaleString('en-US')} 行${spec.rowNoun}，每次最多导入 ${MAX_ROWS.toLocaleString('en-US')} 行。请分成几个文件分别导入`,
    );
  }

  const rows = rowNumbers.map((n) => readRow(sheet.getRow(n), columns, spec));
  flagDuplicateKeys(
    rows,
    spec,
    [...columns].find(([, c]) => c.key === spec.keyColumn)!,
  );
  for (const row of rows) {
    delete row.key;
    if (row.problems.length > 0) row.values = null;
    // Shortened like the problems' values: the preview lists every row, and a cell can hold 32,767 characters.
    row.code = shorten(row.code);
    row.name = shorten(row.name);
    row.problems.sort((a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column));
  }
  const invalidCount = rows.filter((r) => r.problems.length > 0).length;
  return { sheetName: sheet.name, rows, validCount: rows.length - invalidCount, invalidCount, unlistedProblems: listFirstProblems(rows) };
}

/** Maps column numbers to the import's columns by heading; refuses missing, extra or repeated headings. */
function readHeadings(sheet: ExcelJS.Worksheet, IMPORT_COLUMNS: readonly ImportColumn[]): Map<number, ImportColumn> {
  const expected = new Map(IMPORT_COLUMNS.map((c) => [normaliseHeading(c.heading), c]));
  const found = new Map<number, ImportColumn>();
  const seenAt = new Map<ImportColumn, string>();
  const extra: string[] = [];
  const repeated: string[] = [];
  const header = sheet.getRow(HEADER_ROW);
  for (let col = 1; col <= header.cellCount; col++) {
    const reading = readCell(header.getCell(col), 'text');
    const text = 'text' in reading ? reading.text.trim() : '';
    if (!text) continue;
    const letter = columnLetter(col);
    const column = expected.get(normaliseHeading(text));
    if (!column) extra.push(`“${text}”（${letter} 列）`);
    else if (seenAt.has(column)) repeated.push(`“${column.heading}”（${seenAt.get(column)} 列和 ${letter} 列）`);
    else {
      found.set(col, column);
      seenAt.set(column, letter);
    }
  }
  const missing = IMPORT_COLUMNS.filter((c) => !seenAt.has(c)).map((c) => `“${c.heading}”`);
  if (found.size === 0) {
    throw refuseFile(
      `第 ${HEADER_ROW} 行应为列标题（${IMPORT_COLUMNS.map((c) => c.heading).join('、')}）。请使用下载的模板，不要在列标题上方插入行`,
    );
  }
  if (missing.length > 0 || extra.length > 0 || repeated.length > 0) {
    const parts = [
      missing.length > 0 ? `缺少 ${missing.join('、')} 列` : '',
      extra.length > 0 ? `多出 ${extra.join('、')}` : '',
      repeated.length > 0 ? `重复的列 ${repeated.join('、')}` : '',
    ].filter(Boolean);
    throw refuseFile(`“${sheet.name}”工作表的列标题与模板不一致：${parts.join('；')}。请使用新下载的模板，不要修改、插入或删除列`);
  }
  return found;
}

/** Rows below the heading with anything in them; rows left empty (or only formatted) are skipped. */
function nonEmptyRows(sheet: ExcelJS.Worksheet, columns: Map<number, ImportColumn>): number[] {
  const numbers: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n <= HEADER_ROW) return;
    let filled = false;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (filled || cell.type === ExcelJS.ValueType.Merge) return;
      const reading = readCell(cell, columns.get(col)?.kind ?? 'text');
      filled = 'problem' in reading || reading.text.trim() !== '';
    });
    if (filled) numbers.push(n);
  });
  return numbers;
}

/** A row while it is read: `key` is what duplicates are compared by (dropped before the result leaves). */
type RowInProgress<V> = ImportRow<V> & { key?: string };

function readRow<V>(row: ExcelJS.Row, columns: Map<number, ImportColumn>, spec: SheetSpec<V>): RowInProgress<V> {
  const readings = new Map<ImportColumn, { col: number; reading: CellReading }>();
  const problems: ImportProblem[] = [];
  for (const [col, column] of columns) readings.set(column, { col, reading: readCell(row.getCell(col), column.kind) });

  // Content in a column without a heading would otherwise be dropped without a word.
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (columns.has(col) || cell.type === ExcelJS.ValueType.Merge) return;
    const reading = readCell(cell, 'text');
    if ('text' in reading && reading.text.trim() === '') return;
    const shown = 'text' in reading ? reading.text : reading.shown;
    problems.push(problem(row.number, col, NO_HEADING, shown, '该列没有列标题，内容无法导入：请删除，或移到对应的列中'));
  });

  const plain: Record<string, string> = {};
  for (const [column, { reading }] of readings) {
    if ('text' in reading && reading.text.trim() !== '') plain[column.key] = reading.text;
  }
  const dto = plainToInstance(spec.dto, plain);
  // The global ValidationPipe's options, so a cell gets exactly the form's message.
  const errors = toFieldErrors(
    validateSync(dto, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } }),
  );
  const extra = Object.keys(errors).length === 0 ? (spec.rowProblem?.(dto) ?? null) : null;
  for (const column of spec.columns) {
    const { col, reading } = readings.get(column)!;
    const shown = 'text' in reading ? reading.text : reading.shown;
    if ('problem' in reading) problems.push(problem(row.number, col, column.heading, shown, reading.problem));
    else if (errors[column.key]?.length) problems.push(problem(row.number, col, column.heading, shown, errors[column.key][0]));
    else if (extra?.column === column.key) problems.push(problem(row.number, col, column.heading, shown, extra.message));
  }
  const text = (key: string) => {
    const entry = [...readings].find(([c]) => c.key === key)?.[1].reading;
    return entry && 'text' in entry ? entry.text.trim() : '';
  };
  const code = text(spec.keyColumn);
  return {
    row: row.number,
    code,
    name: text(spec.nameColumn),
    key: code ? spec.keyOf(dto, code) : '',
    problems,
    values: problems.length === 0 ? spec.values(dto) : null,
  };
}

/**
 * Keeps the first MAX_PROBLEMS_LISTED problems in sheet order and counts the rest: a sheet
 * with every cell wrong would otherwise make a page of 60,000 messages (≈ 20 MB, and a third
 * of a second of the server's event loop to render) that nobody reads past the first screens.
 */
function listFirstProblems(rows: ImportRow<unknown>[]): number {
  let room = MAX_PROBLEMS_LISTED;
  let unlisted = 0;
  for (const row of rows) {
    if (row.problems.length > room) {
      unlisted += row.problems.length - room;
      row.problems = row.problems.slice(0, room);
    }
    room -= row.problems.length;
  }
  return unlisted;
}

/** A key twice in one sheet would make the second row silently overwrite the first: flag every row. */
function flagDuplicateKeys<V>(rows: RowInProgress<V>[], spec: SheetSpec<V>, [keyCol, keyColumn]: [number, ImportColumn]): void {
  const byKey = new Map<string, RowInProgress<V>[]>();
  for (const row of rows) {
    if (!row.key) continue;
    byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  }
  for (const [key, same] of byKey) {
    if (same.length < 2) continue;
    // At most a few row numbers: the same key on 2,000 rows must not make 2,000 lists of 2,000.
    const shown = same.slice(0, MAX_ROWS_NAMED).map((r) => r.row);
    const where = `第 ${shown.join('、')} 行${same.length > shown.length ? ' 等' : ''}`;
    const message = spec.duplicateMessage(shorten(key), same.length, where);
    for (const row of same) row.problems.unshift(problem(row.row, keyCol, keyColumn.heading, row.code, message));
  }
}

function problem(row: number, col: number, heading: string, value: string, message: string): ImportProblem {
  const column = columnLetter(col);
  return { row, column, heading, value: shorten(value).trim(), message, where: `第 ${row} 行 ${column} 列（${heading}）` };
}

const shorten = (value: string) => (value.length > VALUE_PREVIEW_LENGTH ? `${value.slice(0, VALUE_PREVIEW_LENGTH)}…` : value);
