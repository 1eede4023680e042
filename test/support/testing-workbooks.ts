import { columnLetter } from '../../src/products/import/cell-refs';
import { IMPORT_COLUMNS, IMPORT_SHEET_NAME } from '../../src/products/import/import-columns';
import { productRow, zip, type TestEntry } from './testing-sheets';

/**
 * Workbooks written part by part, for the tests (parser specs, end-to-end suites) and the
 * hand-run upload measurement: what other tools write (inline strings, no styles), and the
 * hostile files of issue 9 that once made exceljs build millions of objects. Not used by
 * the app.
 */

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A cell: text (written as an inline string), or a reference to the shared string with this index. */
export type HandCell = string | { shared: number };

export interface HandSheet {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  rows: HandCell[][];
  /** Raw XML before <sheetData> (where <cols> lives). */
  beforeSheetData?: string;
  /** Raw XML after </sheetData> (merges, validations). */
  afterSheetData?: string;
}

export interface HandWorkbook {
  sheets: HandSheet[];
  styles?: string;
  sharedStrings?: string;
  definedNames?: string;
}

function cellXml(cell: HandCell, ref: string): string {
  if (typeof cell !== 'string') return `<c r="${ref}" t="s"><v>${cell.shared}</v></c>`;
  return cell === '' ? '' : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
}

function sheetXml(sheet: HandSheet): string {
  const rows = sheet.rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((cell, c) => cellXml(cell, `${columnLetter(c + 1)}${r + 1}`)).join('')}</row>`)
    .join('');
  return `<worksheet xmlns="${MAIN}">${sheet.beforeSheetData ?? ''}<sheetData>${rows}</sheetData>${sheet.afterSheetData ?? ''}</worksheet>`;
}

/** The .xlsx bytes of a workbook written part by part. */
export function handMadeWorkbook(book: HandWorkbook): Buffer {
  return zip(handMadeParts(book));
}

/** The parts of such a workbook, to pack as they are or altered. */
export function handMadeParts(book: HandWorkbook): TestEntry[] {
  const sheets = book.sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  const rels = book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  const parts: TestEntry[] = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets}</sheets>${book.definedNames ?? ''}</workbook>`),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`<Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`) },
    ...book.sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(sheetXml(s)) })),
  ];
  if (book.styles) parts.push({ name: 'xl/styles.xml', data: Buffer.from(book.styles) });
  if (book.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: Buffer.from(book.sharedStrings) });
  return parts;
}

/** Headings and n valid product rows (codes DS-001…), each cell as a clerk would type it. */
export function productSheetRows(count: number, first = 1): HandCell[][] {
  const rows: HandCell[][] = [IMPORT_COLUMNS.map((c) => c.heading)];
  for (let i = 0; i < count; i++) {
    const row = productRow(first + i);
    rows.push(IMPORT_COLUMNS.map((c) => (row[c.key] === null || row[c.key] === undefined ? '' : String(row[c.key]))));
  }
  return rows;
}

/** The template sheet with `count` products and extra raw XML around its cells. */
export function productWorkbook(count: number, extra: Omit<HandSheet, 'name' | 'rows'> & Omit<HandWorkbook, 'sheets'> = {}): Buffer {
  const { styles, sharedStrings, definedNames, ...sheet } = extra;
  return handMadeWorkbook({
    sheets: [{ name: IMPORT_SHEET_NAME, rows: productSheetRows(count), ...sheet }],
    styles,
    sharedStrings,
    definedNames,
  });
}

/**
 * The hostile workbooks of issue 9, each small enough to upload (a few KB to a few hundred KB
 * packed) and each once enough to exhaust the server's memory or stall it for seconds.
 */
export const hostileWorkbooks = {
  /** One merge from row 100 to 60,000 over every column, in the given spelling; 120 products. */
  mergeBomb: (ref: string, quote: '"' | "'" = '"') =>
    productWorkbook(120, { afterSheetData: `<mergeCells count="1"><mergeCell ref=${quote}${ref}${quote}/></mergeCells>` }),

  /** A column definition from O to column 300,000,000 (exceljs makes an object per column). */
  columnBomb: (count = 3) => productWorkbook(count, { beforeSheetData: '<cols><col min="15" max="300000000" width="9"/></cols>' }),

  /** 700,000 cell formats in styles.xml. */
  stylesBomb: (formats = 700_000) =>
    productWorkbook(3, {
      styles: `<styleSheet xmlns="${MAIN}"><fonts count="1"><font/></fonts><cellXfs count="${formats}">${'<xf/>'.repeat(formats)}</cellXfs></styleSheet>`,
    }),

  /** One shared string of `runs` one-character rich-text runs, used as a product's description. */
  richTextBomb: (runs = 2_900_000, runText = 'a') => {
    const rows = productSheetRows(1);
    rows[1][IMPORT_COLUMNS.findIndex((c) => c.key === 'description')] = { shared: 0 };
    return handMadeWorkbook({
      sheets: [{ name: IMPORT_SHEET_NAME, rows }],
      sharedStrings: `<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si>${`<r><t>${runText}</t></r>`.repeat(runs)}</si></sst>`,
    });
  },

  /** The template sheet as 60 MB of spaces, packed to 60 KB, its zip headers claiming 1,000 bytes. */
  zipBomb: () =>
    zip(
      handMadeParts({ sheets: [{ name: IMPORT_SHEET_NAME, rows: [] }] }).map((part) =>
        part.name === 'xl/worksheets/sheet1.xml' ? { ...part, data: Buffer.alloc(60 * 1024 * 1024, 0x20), declaredSize: 1000 } : part,
      ),
    ),

  /** A hidden (or very hidden) sheet of other products first, then the given visible sheet. */
  hiddenFirstSheet: (state: 'hidden' | 'veryHidden', visibleName = IMPORT_SHEET_NAME) =>
    handMadeWorkbook({
      sheets: [
        { name: '旧数据', state, rows: productSheetRows(5, 900) },
        { name: visibleName, rows: productSheetRows(2) },
      ],
    }),

  /** The template sheet itself hidden, with a visible instructions sheet beside it. */
  hiddenTemplateSheet: (state: 'hidden' | 'veryHidden') =>
    handMadeWorkbook({
      sheets: [
        { name: '填写说明', rows: [['请在“产品导入”工作表中填写']] },
        { name: IMPORT_SHEET_NAME, state, rows: productSheetRows(2) },
      ],
    }),
};
