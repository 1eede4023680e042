import { fenToYuanString, formatFen } from '../common/money';
import type { ProductValues } from './dto/product-input.dto';
import type { Product } from './product.entity';

/**
 * The one rule for what a county's edit of an existing product does, used by the form and by
 * the Excel import alike: which fields apply at once and which wait for the organiser's
 * review (a published product's identity, price, capacity and certificate are checked before
 * the public sees them), and what happens to the organiser's last return reason.
 */

/** Fields whose change on a published product waits for review, in display order. */
export const REVIEWED_FIELDS = ['name', 'category', 'supplierName', 'supplierCreditCode', 'priceFen', 'capacity', 'certificateNo'] as const;
export type ReviewedField = (typeof REVIEWED_FIELDS)[number];

export const REVIEWED_FIELD_LABELS: Record<ReviewedField, string> = {
  name: '产品名称',
  category: '产品类别',
  supplierName: '供货主体',
  supplierCreditCode: '供货主体统一社会信用代码',
  priceFen: '参考单价',
  capacity: '可供量',
  certificateNo: '扶贫产品认定编号',
};

/** The product form's input for a reviewed field (the price is typed in yuan). */
const formField = (f: ReviewedField): string => (f === 'priceFen' ? 'price' : f);

/** What an edit writes: the columns that change now, `pendingChanges` and `reviewReason`. */
export type ProductChange = Partial<Pick<Product, keyof ProductValues | 'pendingChanges' | 'reviewReason'>>;

/**
 * Decides what saving `values` (the whole edited record, as the form or a sheet row gives it)
 * does to `product`. A draft, returned, withdrawn or submitted product is not public: every
 * value applies at once. On a published product each reviewed field that differs from the
 * approved value waits in `pendingChanges` (a value set back to the approved one cancels its
 * pending change); everything else applies at once. When changes go to review, the reason the
 * organiser gave for returning the previous ones no longer applies and is cleared; an edit
 * with nothing to review leaves it for the county to read.
 */
export function planProductChange(product: Product, values: ProductValues): ProductChange {
  if (product.status !== 'published') return { ...values };
  const change: ProductChange = { ...values };
  const pending: Record<string, unknown> = {};
  for (const field of REVIEWED_FIELDS) {
    delete change[field];
    if (!sameValue(values[field], product[field])) pending[field] = values[field];
  }
  const waiting = Object.keys(pending).length > 0;
  change.pendingChanges = waiting ? pending : null;
  if (waiting) change.reviewReason = null;
  return change;
}

/** True when saving `values` would change nothing (an import row identical to what the county already asked for). */
export function isUnchanged(product: Product, values: ProductValues): boolean {
  const change = planProductChange(product, values);
  return (Object.keys(change) as (keyof ProductChange)[]).every((k) => sameValue(change[k], product[k]));
}

/** The product as the county last asked for it: approved values overlaid with the pending ones. */
export function withPendingValues(p: Product): Product {
  return { ...p, ...(p.pendingChanges ?? {}) } as Product;
}

/** The product form's values: every pending value is shown (saving the form as shown keeps them pending). */
export function productFormValues(p: Product): Record<string, unknown> {
  const asked = withPendingValues(p);
  return { ...asked, price: fenToYuanString(asked.priceFen) };
}

/** A published product's changes awaiting review, as "参考单价：¥58.00 → ¥52.00" rows. */
export function describePendingChanges(p: Product): { field: string; label: string; before: string; after: string }[] {
  const pending = p.pendingChanges ?? {};
  return REVIEWED_FIELDS.filter((f) => f in pending).map((f) => ({
    field: formField(f),
    label: REVIEWED_FIELD_LABELS[f],
    before: show(f, p[f]),
    after: show(f, pending[f]),
  }));
}

/** For the form: what the public still sees, keyed by the input whose value waits for review. */
export function publicValuesOfPending(p: Product): Record<string, string> {
  return Object.fromEntries(describePendingChanges(p).map((c) => [c.field, c.before]));
}

function show(field: ReviewedField, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (field === 'priceFen') return formatFen(Number(v));
  if (field === 'capacity') return Number(v).toLocaleString('en-US');
  return String(v);
}

/** Column equality as the database sees it: a missing value is null; JSON objects compared by content. */
function sameValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) return stableJson(x) === stableJson(y);
  return x === y;
}

function stableJson(v: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))));
}
