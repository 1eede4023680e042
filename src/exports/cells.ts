/**
 * Cell values and formats shared by every exported sheet: money as yuan numbers computed
 * from integer fen, text that can never become a formula, widths that fit Chinese text.
 */

/** ¥1,234.50 in Excel and WPS. Amounts are numbers in cells, so they sum and sort as numbers. */
export const MONEY_FORMAT = '¥#,##0.00';
export const QUANTITY_FORMAT = '#,##0';
/** A share written as a number (0.425) shown as 42.5%, so that it sorts and sums as a number. */
export const PERCENT_FORMAT = '0.0%';
/**
 * Excel's "Text" format. Every text column carries it: a value such as "=1+1" is written as a
 * string cell anyway (exceljs makes formulas only from { formula } objects), and with this
 * format Excel and WPS also keep it as text when someone edits the cell and presses Enter.
 */
export const TEXT_FORMAT = '@';

/**
 * Integer fen → the yuan number written into a cell. fen / 100 is the double nearest to the
 * exact decimal (division is correctly rounded), so Math.round(value * 100) gives back the
 * same fen for every amount below 2^53 fen. Totals are always summed in fen first and
 * converted once: never by adding yuan floats.
 */
export function fenToYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be an integer number of fen, got ${fen}`);
  return fen / 100;
}

/** The fen a money cell stands for (the inverse of fenToYuan), for checks and tests. */
export function yuanCellToFen(value: unknown): number {
  return Math.round(Number(value) * 100);
}

/** Text a spreadsheet program could take for a formula or a DDE call if it were ever re-parsed. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** A text cell's value: always a string (null → empty), never a formula object. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * Width in Excel's units (one unit ≈ one Latin digit): CJK and other wide characters take
 * two. Used to size columns from their heading and a typical value.
 */
export function displayWidth(value: string): number {
  let width = 0;
  for (const c of value) {
    const code = c.codePointAt(0)!;
    width += code >= 0x1100 && !(code >= 0x2000 && code <= 0x206f) ? 2 : 1;
  }
  return width;
}

/**
 * A column width that fits the heading and `typical` (a sample of the widest usual value),
 * with padding; at least 10, since exceljs drops a width of exactly 9 (its default) and
 * Excel would then show 8.43.
 */
export function fitWidth(heading: string, typical = ''): number {
  return Math.min(60, Math.max(10, displayWidth(heading) + 3, displayWidth(typical) + 3));
}

/** Points per line of 11 pt text, as Excel and LibreOffice space wrapped lines (with a little room). */
export const LINE_HEIGHT = 15;

/**
 * The lines a wrapped text needs in a column `width` units wide. Counted as Excel draws 11 pt
 * text (a CJK character takes about two units, a digit one; a unit and a half of the width is
 * padding). LibreOffice draws a unit wider, so there the estimate errs on the tall side:
 * a row a little too tall wastes some paper, one too short prints over its neighbour or clips.
 */
export function wrappedLines(value: string, width: number): number {
  const capacity = Math.max(1, width - 1.5);
  return value.split('\n').reduce((lines, part) => lines + Math.max(1, Math.ceil(displayWidth(part) / capacity)), 0);
}

/** A row height (points) that shows `lines` lines of 11 pt text, and at least `min`. */
export function rowHeightFor(lines: number, min = 0): number {
  return Math.max(min, lines * LINE_HEIGHT + 5);
}
