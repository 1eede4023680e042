import { toHalfWidth } from '../common/money';
import type { Product } from '../products/product.entity';

/** A typo guard for one line (not a business limit: over-subscription is shown, not refused). */
export const MAX_LINE_QUANTITY = 1_000_000;
/** Lines one intent may hold. */
export const MAX_LINES = 200;

/**
 * Reads a quantity typed for a product: a whole number from the product's minimum order up
 * to the ceiling. Returns the number, or the Chinese message to show beside the field.
 */
export function checkQuantity(raw: unknown, product: Pick<Product, 'minOrder' | 'unit' | 'name'>): number | string {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? toHalfWidth(raw).trim().replace(/,/g, '') : '';
  if (text === '') return `请填写“${product.name}”的数量`;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return `“${product.name}”的数量应为整数`;
  const n = Number(text);
  if (!Number.isInteger(n)) return `“${product.name}”的数量应为整数`;
  if (n < product.minOrder) return `“${product.name}”的数量不能少于起订量 ${product.minOrder} ${product.unit}`;
  if (n > MAX_LINE_QUANTITY) return `“${product.name}”的数量不能超过 ${MAX_LINE_QUANTITY.toLocaleString('en-US')} ${product.unit}`;
  return n;
}
