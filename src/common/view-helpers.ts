import { fenToChineseCapitals, fenToYuanString, formatFen, formatWanYuan } from './money';
import { formatDateCn, formatDateTimeCn } from './dates';

/**
 * Every Handlebars helper, registered in one place (app.setup.ts). Helpers return plain
 * strings, which Handlebars escapes; none returns SafeString, so no helper can inject HTML.
 */
type Options = { hash: Record<string, unknown>; fn?: (ctx: unknown) => string; inverse?: (ctx: unknown) => string };

const isOptions = (v: unknown): v is Options => typeof v === 'object' && v !== null && 'hash' in v;
/** Helper arguments without the trailing Handlebars options object. */
const args = (list: unknown[]): unknown[] => (isOptions(list[list.length - 1]) ? list.slice(0, -1) : list);

export const viewHelpers: Record<string, (...a: any[]) => unknown> = {
  /** {{money priceFen}} → ¥1,234.50 */
  money: (fen: unknown) => (typeof fen === 'number' && Number.isFinite(fen) ? formatFen(fen) : ''),
  /** {{yuan priceFen}} → 1234.50, for form inputs */
  yuan: (fen: unknown) => (typeof fen === 'number' && Number.isFinite(fen) ? fenToYuanString(fen) : (fen ?? '')),
  /** {{wan amountFen}} → 1.23万元 */
  wan: (fen: unknown) => (typeof fen === 'number' ? formatWanYuan(fen) : ''),
  /** {{capitals amountFen}} → 壹万贰仟叁佰元整 */
  capitals: (fen: unknown) => (typeof fen === 'number' && Number.isSafeInteger(fen) ? fenToChineseCapitals(fen) : ''),
  /** {{date value}} → 2020年10月17日 */
  date: (value: unknown) => formatDateCn(value as Date | string | null),
  /** {{datetime value}} → 2020年10月17日 09:30 (China Standard Time) */
  datetime: (value: unknown) => formatDateTimeCn(value as Date | string | null),
  /** {{number n}} → 12,345 */
  number: (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-US') : ''),
  /** {{percent part whole}} → 0..100, capped, for progress bars */
  percent: (part: unknown, whole: unknown) => {
    const p = Number(part);
    const w = Number(whole);
    if (!w || !Number.isFinite(p)) return 0;
    return Math.max(0, Math.min(100, Math.round((p / w) * 100)));
  },
  eq: (...a: unknown[]) => {
    const [x, y] = args(a);
    return String(x) === String(y);
  },
  ne: (...a: unknown[]) => {
    const [x, y] = args(a);
    return String(x) !== String(y);
  },
  gt: (...a: unknown[]) => {
    const [x, y] = args(a);
    return Number(x) > Number(y);
  },
  lt: (...a: unknown[]) => {
    const [x, y] = args(a);
    return Number(x) < Number(y);
  },
  /** {{concat "qty." id}} → "qty.12" (field names built from ids) */
  concat: (...a: unknown[]) =>
    args(a)
      .map((x) => String(x ?? ''))
      .join(''),
  /** {{add @index 1}} → row numbers from 1 */
  add: (...a: unknown[]) => args(a).reduce<number>((s, x) => s + Number(x), 0),
  and: (...a: unknown[]) => args(a).every(Boolean),
  or: (...a: unknown[]) => args(a).some(Boolean),
  not: (x: unknown) => !x,
  /** {{#if (includes list value)}} */
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.map(String).includes(String(value)),
  /** {{lookupErrors errors "name"}} → first message for a field, or '' */
  fieldError: (errors: unknown, field: unknown) => {
    if (!errors || typeof errors !== 'object') return '';
    const list = (errors as Record<string, string[]>)[String(field)];
    return Array.isArray(list) && list.length > 0 ? list[0] : '';
  },
  /** Builds a query string from the current filters with one key replaced: {{query filters page=2}} */
  query: (filters: unknown, options: Options) => {
    const params = new URLSearchParams();
    const merged = { ...((filters as Record<string, unknown>) ?? {}), ...options.hash };
    for (const [k, v] of Object.entries(merged)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  },
};
