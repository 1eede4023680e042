/**
 * Dates and times as people in China read them, in China Standard Time (UTC+8)
 * whatever the server's own time zone.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

function cstParts(value: Date | string): { y: number; m: number; d: number; hh: number; mm: number } | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return { y, m, d, hh: 0, mm: 0 };
  }
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const shifted = new Date(date.getTime() + CST_OFFSET_MS);
  return {
    y: shifted.getUTCFullYear(),
    m: shifted.getUTCMonth() + 1,
    d: shifted.getUTCDate(),
    hh: shifted.getUTCHours(),
    mm: shifted.getUTCMinutes(),
  };
}

/** 2020-10-17 → "2020年10月17日" */
export function formatDateCn(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const p = cstParts(value);
  return p ? `${p.y}年${p.m}月${p.d}日` : '';
}

/** → "2020年10月17日 09:30" (CST) */
export function formatDateTimeCn(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const p = cstParts(value);
  if (!p) return '';
  return `${p.y}年${p.m}月${p.d}日 ${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
}

/** The calendar date in CST as YYYY-MM-DD (for reference numbers and date inputs). */
export function isoDateCst(value: Date = new Date()): string {
  const p = cstParts(value)!;
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Value for an <input type="datetime-local"> showing the instant in CST. */
export function datetimeLocalCst(value: Date | null | undefined): string {
  if (!value) return '';
  const p = cstParts(value)!;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}`;
}

/** Reads "2020-10-16T18:00" typed in CST as an instant; null when it is not such a value. */
export function parseDatetimeLocalCst(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, hh, mm] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, hh, mm) - CST_OFFSET_MS;
  const date = new Date(utc);
  // Reject 2020-02-31 and the like: the parts must survive the round trip.
  return datetimeLocalCst(date) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? date : null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
}

/** The first instant after the calendar day YYYY-MM-DD in CST (the end of that day in China). */
export function endOfDayCst(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1) - CST_OFFSET_MS);
}
