/**
 * Cell values and formats shared by every exported sheet: money as yuan numbers computed
 * from integer fen, text that can never become a formula, widths that fit Chinese text.
 */

/** ¥1,234.50 in Excel and WPS. Amounts are numbers in cells, so they sum and sort as numbers. */
export const MONEY_FORMAT = '¥#,##0.00';
export const QUANTITY_FORMAT = '#,##0';
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
