import { parseRecordId } from './id-param';

/**
 * Form fields named `<prefix>[<id>]` (quantity inputs per line: qty[12], signed[7]…) as
 * id → typed value. A duplicated field keeps its first value.
 */
export function indexedFields(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pattern = new RegExp(`^${prefix}\\[([^\\]]*)\\]$`);
  for (const [key, value] of Object.entries(body ?? {})) {
    // The id in the name follows the one id rule: qty[00012] names no line (it is not qty[12]).
    const id = parseRecordId(pattern.exec(key)?.[1]);
    if (id !== null) out[String(id)] = Array.isArray(value) ? value[0] : value;
  }
  return out;
}
