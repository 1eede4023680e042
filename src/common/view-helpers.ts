import { fenToChineseCapitals, fenToYuanString, formatFen, formatWanYuan } from './money';
import { formatDateCn, formatDateTimeCn } from './dates';

/**
 * Every Handlebars helper, registered in one place (app.setup.ts). Helpers return plain
 * strings, which Handlebars escapes; none returns SafeString, so no helper can inject HTML
 * (the one block helper, fieldScope, returns only its own block as Handlebars rendered it).
 */
type Options = {
  hash: Record<string, unknown>;
  data?: { root?: Record<string, unknown> };
  fn?: (ctx: unknown, opts?: { data?: unknown; blockParams?: unknown[] }) => string;
  inverse?: (ctx: unknown) => string;
};

const isOptions = (v: unknown): v is Options => typeof v === 'object' && v !== null && 'hash' in v;
/** Helper arguments without the trailing Handlebars options object. */
const args = (list: unknown[]): unknown[] => (isOptions(list[list.length - 1]) ? list.slice(0, -1) : list);
/** Truthy as {{#if}} sees it: an empty list is false. */
const truthy = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : Boolean(v));

/** First message for a field in an `errors` map ({field: [messages]}), or ''. */
function firstError(errors: unknown, field: unknown): string {
  if (!errors || typeof errors !== 'object') return '';
  const list = (errors as Record<string, string[]>)[String(field)];
  return Array.isArray(list) && list.length > 0 ? list[0] : '';
}

/** What the field partials (views/partials/*field.hbs) derive from their parameters. */
export interface FieldState {
  id: string;
  /** Key of the field's message in `errors` ('' for none): "qty.12" for the input named "qty[12]". */
  errorKey: string;
  hintId: string;
  /** Id of the note under a product field whose new value waits for review (see pending-note.hbs). */
  pendingId: string;
  message: string;
  /** The ids of the hint, the pending note and the message, those shown: the value of aria-describedby. */
  describedBy: string;
  invalid: boolean;
  /** The value to show: `value` when given (a record's null shows empty), else what the user typed (`values[name]`). */
  value: unknown;
}

export function fieldState(hash: Record<string, unknown>, root: Record<string, unknown> = {}): FieldState {
  const name = String(hash.name ?? '');
  const id = hash.id !== undefined && hash.id !== null && hash.id !== '' ? String(hash.id) : name;
  const errorKey = hash.error === undefined || hash.error === null ? name : String(hash.error);
  const message = errorKey ? firstError(root.errors, errorKey) : '';
  const hintId = `${id}-hint`;
  const pendingId = `${id}-pending`;
  const describedBy = [hash.hint ? hintId : '', hash.pending ? pendingId : '', message ? `${errorKey}-error` : '']
    .filter(Boolean)
    .join(' ');
  const values = root.values as Record<string, unknown> | undefined;
  const value = hash.value !== undefined ? hash.value : values?.[name];
  return { id, errorKey, hintId, pendingId, message, describedBy, invalid: Boolean(message) || truthy(hash.invalid), value };
}

/** One <option>: from a string, or from an object through the given keys. */
function toOption(o: unknown, valueKey: unknown, labelKey: unknown, selected: unknown) {
  const rec = typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : undefined;
  const value = rec && typeof valueKey === 'string' ? rec[valueKey] : o;
  const label = rec && typeof labelKey === 'string' ? rec[labelKey] : value;
  const isSelected = rec?.selected === true || (selected !== undefined && selected !== null && String(value) === String(selected));
  return { value: String(value ?? ''), label: String(label ?? ''), selected: isSelected };
}

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
  /** {{choose test a b}} → a when test is truthy (as {{#if}} sees it), else b: labels that depend on the record */
  choose: (test: unknown, a: unknown, b: unknown) => (truthy(test) ? a : b),
  /** {{fieldError errors "name"}} → first message for a field, or '' */
  fieldError: (errors: unknown, field: unknown) => firstError(errors, field),
  /**
   * The field partials' scope: {{#fieldScope name=name id=id error=error hint=hint pending=pending value=value invalid=invalid as |f|}}
   * renders its block in the same context with `f` = fieldState(…) (ids, message, aria values, value).
   * It returns only its own block, rendered (and escaped) by Handlebars.
   */
  fieldScope: function (this: unknown, options: Options) {
    const state = fieldState(options.hash, options.data?.root);
    return options.fn ? options.fn(this, { data: options.data, blockParams: [state] }) : '';
  },
  /** {{#each (selectOptions list "code" "name" selectedValue)}} → [{value, label, selected}]; strings need no keys */
  selectOptions: (list: unknown, valueKey: unknown, labelKey: unknown, selected: unknown) =>
    Array.isArray(list) ? list.map((o) => toOption(o, valueKey, labelKey, selected)) : [],
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
