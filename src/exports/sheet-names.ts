/**
 * Worksheet names as Excel accepts them: at most 31 characters, none of []:*?/\ , not
 * empty, not beginning or ending with an apostrophe, and unique within the workbook
 * without regard to case. County names are safe; buyer unit names (typed by the public) are not.
 */
export const SHEET_NAME_MAX = 31;

/** Apostrophes go too: the print-titles defined name quotes the sheet name with them. */
const FORBIDDEN = /[[\]:*?/\\']/g;

/** Control characters would make the workbook's XML invalid. */
const isControl = (c: string) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;

/** The longest prefix of whole code points within `max` UTF-16 units (a surrogate pair is never cut). */
function clip(text: string, max: number): string {
  let out = '';
  for (const c of text) {
    if (out.length + c.length > max) break;
    out += c;
  }
  return out;
}

/** One name made safe, without regard to the names already used. */
export function sanitiseSheetName(name: string, fallback = '工作表'): string {
  const cleaned = [...String(name ?? '')]
    .map((c) => (isControl(c) ? ' ' : c))
    .join('')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // A tab that reads like a formula (=宿州市…) looks broken and is not what the unit is called.
    .replace(/^[=+\-@\s]+/, '');
  return clip(cleaned, SHEET_NAME_MAX).trim() || fallback;
}

/** Hands out sanitised names that are unique in one workbook: 宿州市第一中学, 宿州市第一中学(2)… */
export class SheetNames {
  private readonly used = new Set<string>();

  constructor(reserved: string[] = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  take(name: string, fallback?: string): string {
    const base = sanitiseSheetName(name, fallback);
    let candidate = base;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) {
      const suffix = `(${n})`;
      candidate = clip(base, SHEET_NAME_MAX - suffix.length).trim() + suffix;
    }
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}
