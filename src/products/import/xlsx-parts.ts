import { IMPORT_SHEET_NAME } from './import-columns';
import { MAX_SHARED_STRINGS, MAX_STYLES, MAX_TEXT_CHARS } from './import-limits';
import { CORRUPT_MESSAGE, refuseFile, TOO_MANY_CELLS_MESSAGE, TOO_MUCH_TEXT_MESSAGE } from './xlsx-errors';
import { rebuildSheet } from './xlsx-sheet';
import { attr, escapeAttr, escapeText, MAIN_NS, MAX_CELL_CHARS, walk } from './xlsx-xml';

export { rebuildSheet, rowsOverLimitMessage } from './xlsx-sheet';
export { TOO_MUCH_TEXT_MESSAGE } from './xlsx-errors';

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

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const MAX_NUMBER_FORMATS = 1_000;
const MAX_SHEETS = 256;

export const TOO_MANY_STYLES_MESSAGE = `表格中的单元格样式过多（超过 ${MAX_STYLES.toLocaleString('en-US')} 种），已拒绝读取。请把要导入的数据“选择性粘贴 → 数值”到新下载的模板中再上传`;

interface SheetChoice {
  name: string;
  part: string;
  date1904: boolean;
}

/** Picks the sheet to read from workbook.xml and its relationships; never a hidden one. */
export function chooseSheet(workbookXml: string, relsXml: string | undefined, sheetName = IMPORT_SHEET_NAME): SheetChoice {
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
  const template = sheets.find((s) => s.name === sheetName);
  if (template && template.state !== 'visible') {
    throw refuseFile(`“${sheetName}”工作表被隐藏了，导入不读隐藏的工作表。请在 Excel/WPS 中取消隐藏该工作表后再上传`);
  }
  const chosen = template ?? sheets.find((s) => s.state === 'visible');
  if (!chosen) throw refuseFile(`文件中没有可见的工作表，请在下载的模板的“${sheetName}”工作表中填写后上传`);
  const target = (targets.get(chosen.relId) ?? '').replace(/^\/?(xl\/)?/, '');
  if (!/^worksheets\/[\w.-]+\.xml$/.test(target)) throw refuseFile(CORRUPT_MESSAGE);
  return { name: chosen.name, part: `xl/${target}`, date1904 };
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

/** The package handed to exceljs: the chosen sheet (`sheetName`, else the first visible), its styles and strings, nothing else. */
export async function rebuildPackage(read: PartReader, sheetName?: string): Promise<Map<string, Buffer>> {
  const choice = chooseSheet((await read('xl/workbook.xml')) ?? '', await read('xl/_rels/workbook.xml.rels'), sheetName);
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
