/**
 * Form fields named `<prefix>[<id>]` (quantity inputs per line: qty[12], signed[7]…) as
 * id → typed value. A duplicated field keeps its first value.
 */
export function indexedFields(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pattern = new RegExp(`^${prefix}\\[(\\d{1,10})\\]$`);
  for (const [key, value] of Object.entries(body ?? {})) {
    const m = pattern.exec(key);
    if (m) out[m[1]] = Array.isArray(value) ? value[0] : value;
  }
  return out;
}
