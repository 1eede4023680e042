import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import ExcelJS from 'exceljs';
import { toFieldErrors } from '../../common/validation';
import { PRODUCT_FIELD_LABELS, ProductInputDto, productValuesFrom, type ProductValues } from '../dto/product-input.dto';
import { readCell, type CellReading } from './import-cells';
import { EXAMPLE_CODE, IMPORT_COLUMNS, IMPORT_SHEET_NAME, normaliseHeading, type ImportColumn } from './import-columns';
import { HEADER_ROW, MAX_ROWS } from './import-limits';
import { columnLetter } from './cell-refs';
import { CORRUPT_MESSAGE, openXlsxSafely, refuseFile } from './xlsx-container';

/**
 * Reads an uploaded product sheet: checks the file and its headings (a file-level problem
 * is thrown as refuseFile(...)), then checks every row with the same DTO as the form and
 * names each bad cell by the row number and column letter Excel shows.
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

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  problems: ImportProblem[];
  /** Set only when the row has no problem. */
  values: ProductValues | null;
}

export interface ParsedImport {
  sheetName: string;
  rows: ImportRow[];
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

export async function parseProductImport(file: Buffer): Promise<ParsedImport> {
  const safe = await openXlsxSafely(file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(safe as unknown as ExcelJS.Buffer);
  } catch {
    throw refuseFile(CORRUPT_MESSAGE);
  }
  const sheet = workbook.getWorksheet(IMPORT_SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw refuseFile(`文件中没有工作表，请在下载的模板的“${IMPORT_SHEET_NAME}”工作表中填写后上传`);

  const columns = readHeadings(sheet);
  const rowNumbers = nonEmptyRows(sheet, columns);
  if (rowNumbers.length === 0) {
    throw refuseFile(`“${sheet.name}”工作表中没有产品：请从第 ${HEADER_ROW + 1} 行开始，每行填写一个产品`);
  }
  if (rowNumbers.length > MAX_ROWS) {
    throw refuseFile(
      `表格中有 ${rowNumbers.length.toLocaleString('en-US')} 行产品，每次最多导入 ${MAX_ROWS.toLocaleString('en-US')} 行。请分成几个文件分别导入`,
    );
  }

  const rows = rowNumbers.map((n) => readRow(sheet.getRow(n), columns));
  const codeColumn = [...columns].find(([, c]) => c.key === 'code')![0];
  flagDuplicateCodes(rows, codeColumn);
  for (const row of rows) {
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
function readHeadings(sheet: ExcelJS.Worksheet): Map<number, ImportColumn> {
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

function readRow(row: ExcelJS.Row, columns: Map<number, ImportColumn>): ImportRow {
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
  const dto = plainToInstance(ProductInputDto, plain);
  // The global ValidationPipe's options, so a cell gets exactly the form's message.
  const errors = toFieldErrors(
    validateSync(dto, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } }),
  );
  for (const column of IMPORT_COLUMNS) {
    const { col, reading } = readings.get(column)!;
    const shown = 'text' in reading ? reading.text : reading.shown;
    if ('problem' in reading) problems.push(problem(row.number, col, column.heading, shown, reading.problem));
    else if (errors[column.key]?.length) problems.push(problem(row.number, col, column.heading, shown, errors[column.key][0]));
    else if (column.key === 'code' && dto.code === EXAMPLE_CODE) {
      problems.push(
        problem(row.number, col, column.heading, shown, '这是“填写说明”中的示例，请删除这一行，或改成本县真实产品的编号和内容'),
      );
    }
  }
  const text = (key: keyof ProductInputDto) => {
    const entry = [...readings].find(([c]) => c.key === key)?.[1].reading;
    return entry && 'text' in entry ? entry.text.trim() : '';
  };
  return {
    row: row.number,
    code: text('code'),
    name: text('name'),
    problems,
    values: problems.length === 0 ? productValuesFrom(dto) : null,
  };
}

/**
 * Keeps the first MAX_PROBLEMS_LISTED problems in sheet order and counts the rest: a sheet
 * with every cell wrong would otherwise make a page of 60,000 messages (≈ 20 MB, and a third
 * of a second of the server's event loop to render) that nobody reads past the first screens.
 */
function listFirstProblems(rows: ImportRow[]): number {
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

/** A code twice in one sheet would make the second row silently overwrite the first: flag every row. */
function flagDuplicateCodes(rows: ImportRow[], codeColumn: number): void {
  const byCode = new Map<string, ImportRow[]>();
  for (const row of rows) {
    if (!row.code) continue;
    byCode.set(row.code, [...(byCode.get(row.code) ?? []), row]);
  }
  for (const [code, same] of byCode) {
    if (same.length < 2) continue;
    // At most a few row numbers: the same code on 2,000 rows must not make 2,000 lists of 2,000.
    const shown = same.slice(0, MAX_ROWS_NAMED).map((r) => r.row);
    const where = `第 ${shown.join('、')} 行${same.length > shown.length ? ' 等' : ''}`;
    const message = `产品编号“${shorten(code)}”在表中出现了 ${same.length} 次（${where}），同一编号只能填写一行`;
    for (const row of same) row.problems.unshift(problem(row.row, codeColumn, PRODUCT_FIELD_LABELS.code, code, message));
  }
}

function problem(row: number, col: number, heading: string, value: string, message: string): ImportProblem {
  const column = columnLetter(col);
  return { row, column, heading, value: shorten(value).trim(), message, where: `第 ${row} 行 ${column} 列（${heading}）` };
}

const shorten = (value: string) => (value.length > VALUE_PREVIEW_LENGTH ? `${value.slice(0, VALUE_PREVIEW_LENGTH)}…` : value);
