/** Cell and range references as Excel writes them ("B7", "$A$1:$N$2001", lower case too). */

/** "A" → 1, "N" → 14, "AA" → 27 */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 14 → "N", 27 → "AA" */
export function columnLetter(n: number): string {
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
  return s;
}

/** Excel's largest sheet: XFD columns × 1,048,576 rows; anything beyond names no cell. */
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

/** "B7", "$b$7" → { row: 7, col: 2 }; null when it is not a cell reference. */
export function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})$/.exec(ref.trim());
  if (!m) return null;
  const col = columnNumber(m[1]);
  const row = Number(m[2]);
  return col <= MAX_COLUMN && row <= MAX_ROW ? { row, col } : null;
}

/** "A1:C3" (or one cell, in any order of corners) → its rectangle; null when malformed. */
export function parseRangeRef(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [a, b = a, ...rest] = ref.split(':');
  if (rest.length > 0) return null;
  const from = parseCellRef(a);
  const to = parseCellRef(b);
  if (!from || !to) return null;
  return {
    top: Math.min(from.row, to.row),
    bottom: Math.max(from.row, to.row),
    left: Math.min(from.col, to.col),
    right: Math.max(from.col, to.col),
  };
}
