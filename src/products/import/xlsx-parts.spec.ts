import { AppError } from '../../common/app-error';
import { columnLetter } from './cell-refs';
import {
  TOO_MANY_STYLES_MESSAGE,
  TOO_MUCH_TEXT_MESSAGE,
  chooseSheet,
  rebuildSharedStrings,
  rebuildSheet,
  rebuildStyles,
} from './xlsx-parts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A sheet whose cells A1:N{rows} hold a number each, with raw XML around the cells. */
function sheet(rows: number, around: { before?: string; after?: string } = {}): string {
  const data = Array.from({ length: rows }, (_, r) => {
    const cells = Array.from({ length: 14 }, (_, c) => `<c r="${columnLetter(c + 1)}${r + 1}"><v>${c}</v></c>`).join('');
    return `<row r="${r + 1}">${cells}</row>`;
  }).join('');
  return `<worksheet xmlns="${MAIN}">${around.before ?? ''}<sheetData>${data}</sheetData>${around.after ?? ''}</worksheet>`;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('accepted');
}

const mergesOf = (xml: string) => [...xml.matchAll(/<mergeCell ref="([^"]+)"\/>/g)].map((m) => m[1]);

describe('rebuildSheet', () => {
  it.each([
    ['absolute', '<mergeCell ref="$A$2:$XFD$60000"/>'],
    ['lower case', '<mergeCell ref="a2:xfd60000"/>'],
    ['single-quoted', "<mergeCell ref='A2:XFD60000'/>"],
    ['corners reversed, prefixed', '<x:mergeCell xmlns:x="urn:x" ref="XFD60000:A2"/>'],
  ])('clips a whole-sheet merge (%s) to the cells that hold values', (_how, merge) => {
    const xml = rebuildSheet(sheet(3, { after: `<mergeCells count="1">${merge}</mergeCells>` }), [0]);
    expect(mergesOf(xml)).toEqual(['A2:N3']);
  });

  it('drops a merge wholly beyond the cells with values', () => {
    const xml = rebuildSheet(sheet(3, { after: '<mergeCells><mergeCell ref="$A$100:$XFD$60000"/></mergeCells>' }), [0]);
    expect(mergesOf(xml)).toEqual([]);
  });

  it('refuses merges covering more cells than a product sheet could', () => {
    const xml = sheet(2001, { after: '<mergeCells><mergeCell ref="A1:N2001"/></mergeCells>' });
    expect(refusal(() => rebuildSheet(xml, [0]))).toContain('合并单元格的范围过大');
  });

  it('keeps no column definitions, dimensions, validations or conditional formats', () => {
    const xml = rebuildSheet(
      sheet(2, {
        before: '<dimension ref="A1:XFD1048576"/><cols><col min="15" max="300000000" width="9"/><col min=\'1\' max=\'16384\'/></cols>',
        after:
          '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>' +
          '<dataValidations count="1"><dataValidation type="list" sqref="C1:C1048576"><formula1>"a"</formula1></dataValidation></dataValidations>',
      }),
      [0],
    );
    expect(xml).not.toMatch(/<cols|<col |<dimension|<conditionalFormatting|<dataValidation/);
    expect(xml.match(/<c /g)).toHaveLength(28);
  });

  it('refuses an inline string of more rich-text runs than characters a cell can hold', () => {
    const runs = '<r><t></t></r>'.repeat(32_768);
    const xml = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is>${runs}</is></c></row></sheetData></worksheet>`;
    expect(refusal(() => rebuildSheet(xml, [0]))).toBe(TOO_MUCH_TEXT_MESSAGE);
  });

  it('points each cell at the kept format with its number format', () => {
    const styles = rebuildStyles(
      `<styleSheet><cellXfs count="10000">${Array.from({ length: 10_000 }, (_, i) => `<xf numFmtId="${i === 9_999 ? 14 : 0}" fontId="${i}"/>`).join('')}</cellXfs></styleSheet>`,
    );
    const xml = rebuildSheet(
      '<worksheet><sheetData><row r="1"><c r="A1" s="9999"><v>43831</v></c></row></sheetData></worksheet>',
      styles.styleMap,
    );
    expect(xml).toContain('<c r="A1" s="1"><v>43831</v></c>');
    expect(styles.xml).toContain('<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14"');
  });
});

describe('rebuildStyles', () => {
  it('accepts as many cell formats as Excel allows, and refuses more', () => {
    const xfs = (n: number) => `<styleSheet><cellXfs>${'<xf numFmtId="0"/>'.repeat(n)}</cellXfs></styleSheet>`;
    expect(rebuildStyles(xfs(64_000)).styleMap).toHaveLength(64_000);
    expect(refusal(() => rebuildStyles(xfs(64_001)))).toBe(TOO_MANY_STYLES_MESSAGE);
    // 700,000 bare <xf/>: refused as it is read, whatever follows.
    expect(refusal(() => rebuildStyles(xfs(0).replace('<cellXfs>', `<cellXfs>${'<xf/>'.repeat(700_000)}`)))).toBe(TOO_MANY_STYLES_MESSAGE);
  });
});

describe('rebuildSharedStrings', () => {
  it('flattens rich text and leaves out phonetic guides', () => {
    const xml = rebuildSharedStrings(
      '<sst><si><r><rPr><b/></rPr><t>砀山</t></r><r><t xml:space="preserve">酥梨 </t></r><rPh sb="0" eb="2"><t>dangshan</t></rPh></si></sst>',
    );
    expect(xml).toContain('<si><t xml:space="preserve">砀山酥梨 </t></si>');
  });

  it('refuses more rich-text runs than characters, even runs without text', () => {
    expect(refusal(() => rebuildSharedStrings(`<sst><si>${'<r><t/></r>'.repeat(32_768)}</si></sst>`))).toBe(TOO_MUCH_TEXT_MESSAGE);
    expect(refusal(() => rebuildSharedStrings(`<sst><si>${'<r><t>a</t></r>'.repeat(40_000)}</si></sst>`))).toBe(TOO_MUCH_TEXT_MESSAGE);
  });
});

describe('chooseSheet', () => {
  const workbook = (...sheets: [name: string, state?: string][]) =>
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets
      .map(([name, state], i) => `<sheet name="${name}" sheetId="${i + 1}"${state ? ` state="${state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`;
  const rels = `<Relationships>${[1, 2, 3].map((i) => `<Relationship Id="rId${i}" Target="worksheets/sheet${i}.xml"/>`).join('')}</Relationships>`;

  it('reads the visible template sheet behind a hidden first sheet', () => {
    expect(chooseSheet(workbook(['旧数据', 'hidden'], ['产品导入']), rels)).toMatchObject({
      name: '产品导入',
      part: 'xl/worksheets/sheet2.xml',
    });
  });

  it('reads the first visible sheet when none is named 产品导入', () => {
    expect(chooseSheet(workbook(['旧数据', 'veryHidden'], ['Sheet2'], ['Sheet3']), rels)).toMatchObject({ name: 'Sheet2' });
  });

  it.each(['hidden', 'veryHidden'])('refuses a %s template sheet, naming it', (state) => {
    const message = refusal(() => chooseSheet(workbook(['填写说明'], ['产品导入', state]), rels));
    expect(message).toContain('“产品导入”工作表被隐藏了');
  });

  it('refuses a workbook without a visible sheet', () => {
    expect(refusal(() => chooseSheet(workbook(['甲', 'hidden'], ['乙', 'veryHidden']), rels))).toContain('没有可见的工作表');
  });
});
