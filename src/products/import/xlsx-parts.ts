import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { columnLetter, parseCellRef, parseRangeRef } from './cell-refs';
import { IMPORT_SHEET_NAME } from './import-columns';
import {
  HEADER_ROW,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_MERGED_CELLS,
  MAX_ROWS,
  MAX_SHARED_STRINGS,
  MAX_STYLES,
  MAX_TEXT_CHARS,
} from './import-limits';
import { CORRUPT_MESSAGE, refuseFile, TOO_MANY_CELLS_MESSAGE } from './xlsx-errors';

/**
 * Rebuilds the parts of an uploaded workbook that the import reads, from a real XML parse
 * (saxes: attributes in any quoting, entities decoded, prefixes ignored), keeping only what a
 * product sheet needs: the cells with a value, merges clipped to those cells, number formats,
 * and shared strings flattened to plain text. Everything exceljs would expand per cell or per
 * column (column definitions, conditional formats, drop-downs, whole-sheet merges, font and
 * border tables, rich-text runs) never reaches it, and every count is capped by what a real
 * sheet of MAX_ROWS products can hold.
 *
 * The result is a new package with exactly one worksheet: the visible template sheet, or the
 * first visible one. A hidden or very hidden sheet is never read.
 */

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CELL_TYPES = new Set(['s', 'str', 'inlineStr', 'b', 'e', 'n', 'd']);
/** Excel's own limit for the text of one cell. */
const MAX_CELL_CHARS = 32_767;
const MAX_MERGE_RANGES = 10_000;
const MAX_NUMBER_FORMATS = 1_000;
const MAX_SHEETS = 256;

export const rowsOverLimitMessage = (rows: number) =>
  `表格中有 ${rows.toLocaleString('en-US')} 行产品，每次最多导入 ${MAX_ROWS.toLocaleString('en-US')} 行。请分成几个文件分别导入`;
export const TOO_MANY_STYLES_MESSAGE = `表格中的单元格样式过多（超过 ${MAX_STYLES.toLocaleString('en-US')} 种），已拒绝读取。请把产品数据“选择性粘贴 → 数值”到新下载的模板中再上传`;
export const TOO_MUCH_TEXT_MESSAGE =
  '表格中的文字内容过多，不像是产品清单，已拒绝读取。请只保留产品数据，或把数据复制到新下载的模板中再上传';

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;');
/** `x:c` and `c` are the same element: some writers use a prefix for the main namespace. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses XML, calling the handlers with local names; any XML error becomes "file damaged". */
function walk(
  xml: string,
  handlers: {
    open?: (name: string, attrs: Record<string, string>, tag: SaxesTagPlain) => void;
    close?: (name: string) => void;
    text?: (text: string) => void;
  },
): void {
  const parser = new SaxesParser({ xmlns: false });
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  if (handlers.open) parser.on('opentag', (tag) => handlers.open!(local(tag.name), tag.attributes as Record<string, string>, tag));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.write(xml);
  if (!failed) parser.close();
  if (failed) throw refuseFile(CORRUPT_MESSAGE);
}

/** Reads an attribute whatever its prefix (`r:id`, `ns0:id`). */
function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (name in attrs) return attrs[name];
  const key = Object.keys(attrs).find((k) => local(k) === name);
  return key === undefined ? undefined : attrs[key];
}

interface SheetChoice {
  name: string;
  part: string;
  date1904: boolean;
}

/** Picks the sheet to read from workbook.xml and its relationships; never a hidden one. */
export function chooseSheet(workbookXml: string, relsXml: string | undefined): SheetChoice {
  const sheets: { name: string; state: string; relId: string }[] = [];
  let date1904 = false;
  walk(workbookXml, {
    open(name, attrs) {
      if (name === 'workbookPr') date1904 = /^(1|true)$/i.test(attr(attrs, 'date1904') ?? '');
      if (name !== 'sheet') return;
      if (sheets.length >= MAX_SHEETS) throw refuseFile(CORRUPT_MESSAGE);
      sheets.push({ name: attr(attrs, 'name') ?? '', state: attr(attrs, 'state') ?? 'visible', relId: attr(attrs, 'id') ?? '' });
    },
  });
  const targets = new Map<string, string>();
  if (relsXml) {
    walk(relsXml, {
      open(name, attrs) {
        if (name === 'Relationship') targets.set(attr(attrs, 'Id') ?? '', attr(attrs, 'Target') ?? '');
      },
    });
  }
  const template = sheets.find((s) => s.name === IMPORT_SHEET_NAME);
  if (template && template.state !== 'visible') {
    throw refuseFile(`“${IMPORT_SHEET_NAME}”工作表被隐藏了，导入不读隐藏的工作表。请在 Excel/WPS 中取消隐藏该工作表后再上传`);
  }
  const chosen = template ?? sheets.find((s) => s.state === 'visible');
  if (!chosen) throw refuseFile(`文件中没有可见的工作表，请在下载的模板的“${IMPORT_SHEET_NAME}”工作表中填写后上传`);
  const target = (targets.get(chosen.relId) ?? '').replace(/^\/?(xl\/)?/, '');
  if (!/^worksheets\/[\w.-]+\.xml$/.test(target)) throw refuseFile(CORRUPT_MESSAGE);
  return { name: chosen.name, part: `xl/${target}`, date1904 };
}

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

/**
 * styles.xml reduced to number formats (dates are told by them). Each cell format becomes the
 * one kept format with the same number format, so however many formats the file lists
 * (copy and paste piles them up; Excel stops at 64,000), exceljs sees a handful.
 */
export function rebuildStyles(xml: string): { xml: string; styleMap: number[] } {
  const formats: string[] = [];
  const kept = new Map<string, number>(); // numFmtId → index of its kept cell format
  const styleMap: number[] = [];
  let inCellXfs = false;
  walk(xml, {
    open(name, attrs) {
      if (name === 'numFmt') {
        if (formats.length >= MAX_NUMBER_FORMATS) throw refuseFile(TOO_MANY_STYLES_MESSAGE);
        const id = attr(attrs, 'numFmtId') ?? '';
        const code = attr(attrs, 'formatCode') ?? '';
        if (/^\d{1,4}$/.test(id) && code.length <= 255) formats.push(`<numFmt numFmtId="${id}" formatCode="${escapeAttr(code)}"/>`);
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        if (styleMap.length >= MAX_STYLES) throw refuseFile(TOO_MANY_STYLES_MESSAGE);
        const given = attr(attrs, 'numFmtId') ?? '0';
        const id = /^\d{1,4}$/.test(given) ? String(Number(given)) : '0';
        if (!kept.has(id)) kept.set(id, kept.size);
        styleMap.push(kept.get(id)!);
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  if (kept.size === 0) kept.set('0', 0);
  const xfs = [...kept.keys()].map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
  const out =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
    (formats.length ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
  return { xml: out, styleMap };
}

/** sharedStrings.xml with every entry as plain text (rich-text runs joined; phonetic runs dropped). */
export function rebuildSharedStrings(xml: string): string {
  const items: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  let length = 0;
  let total = 0;
  let runs = 0;
  walk(xml, {
    open(name) {
      if (name === 'si') {
        if (items.length >= MAX_SHARED_STRINGS) throw refuseFile(TOO_MANY_CELLS_MESSAGE);
        current = [];
        length = 0;
        runs = 0;
      } else if (current && (name === 'r' || name === 'rPh') && ++runs > MAX_CELL_CHARS) {
        // Every run Excel writes holds at least one character: more runs than characters is a bomb.
        throw refuseFile(TOO_MUCH_TEXT_MESSAGE);
      }
      if (name === 'rPh') phonetic++;
      else if (name === 't' && current && phonetic === 0) inText = true;
    },
    text(text) {
      if (!inText || !current) return;
      length += text.length;
      total += text.length;
      if (length > MAX_CELL_CHARS || total > MAX_TEXT_CHARS) throw refuseFile(TOO_MUCH_TEXT_MESSAGE);
      current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current) {
        items.push(`<si><t xml:space="preserve">${escapeText(current.join(''))}</t></si>`);
        current = null;
      }
    },
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
}

/** The parts of an upload that the import reads, as text; each read counts against the unpacking budget. */
export type PartReader = (name: string) => Promise<string | undefined>;

/** The package handed to exceljs: the chosen sheet, its styles and strings, nothing else. */
export async function rebuildPackage(read: PartReader): Promise<Map<string, Buffer>> {
  const choice = chooseSheet((await read('xl/workbook.xml')) ?? '', await read('xl/_rels/workbook.xml.rels'));
  const required = async (name: string) => {
    const text = await read(name);
    if (text === undefined) throw refuseFile(CORRUPT_MESSAGE);
    return text;
  };
  // One part's text at a time: each is garbage once rebuilt (no local keeps it).
  const styles = rebuildStyles((await read('xl/styles.xml')) ?? '<styleSheet/>');
  const sheet = rebuildSheet(await required(choice.part), styles.styleMap);
  const strings = rebuildSharedStrings((await read('xl/sharedStrings.xml')) ?? '<sst/>');
  const out = new Map<string, Buffer>();
  const put = (name: string, xml: string) => out.set(name, Buffer.from(xml, 'utf8'));
  put(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  put(
    '_rels/.rels',
    `<Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  put(
    'xl/workbook.xml',
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${choice.date1904 ? '<workbookPr date1904="1"/>' : ''}` +
      `<sheets><sheet name="${escapeAttr(choice.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  put(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  put('xl/worksheets/sheet1.xml', sheet);
  put('xl/styles.xml', styles.xml);
  put('xl/sharedStrings.xml', strings);
  return out;
}
