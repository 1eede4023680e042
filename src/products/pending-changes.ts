import { formatFen } from '../common/money';
import type { Product } from './product.entity';

const LABELS: Record<string, string> = { priceFen: '参考单价', capacity: '可供量', certificateNo: '扶贫产品认定编号' };

/** A published product's changes awaiting review, as "参考单价：¥58.00 → ¥52.00" rows. */
export function describePendingChanges(p: Product): { label: string; before: string; after: string }[] {
  const show = (field: string, v: unknown) =>
    field === 'priceFen' ? formatFen(Number(v)) : v === null || v === undefined || v === '' ? '（空）' : String(v);
  return Object.entries(p.pendingChanges ?? {}).map(([field, value]) => ({
    label: LABELS[field] ?? field,
    before: show(field, p[field as keyof Product]),
    after: show(field, value),
  }));
}
