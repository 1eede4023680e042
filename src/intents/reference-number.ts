import type { EntityManager } from 'typeorm';
import { isoDateCst } from '../common/dates';

/**
 * Next reference number for the day (China Standard Time): YX-20201017-0042. One atomic
 * upsert on the counter row, inside the caller's transaction, so that no two intents (on
 * any instance) get the same number and a rolled-back submission gives its number back.
 */
export async function nextReferenceNo(manager: EntityManager, at: Date = new Date()): Promise<string> {
  const prefix = `YX-${isoDateCst(at).replace(/-/g, '')}`;
  const p = manager.connection.options.type === 'postgres' ? '$1' : '?';
  const rows: { value: number | string }[] = await manager.query(
    `INSERT INTO reference_counter (prefix, value) VALUES (${p}, 1)
     ON CONFLICT (prefix) DO UPDATE SET value = reference_counter.value + 1
     RETURNING value`,
    [prefix],
  );
  return `${prefix}-${String(Number(rows[0].value)).padStart(4, '0')}`;
}
