import type { EntityManager } from 'typeorm';
import { isoDateCst } from '../common/dates';

/**
 * Next daily reference number for `letters` (China Standard Time): YX-20201017-0042 for an
 * intent, RJ-20201017-0007 for a pledge. One atomic upsert on the counter row of
 * "<letters>-<day>", inside the caller's transaction, so that no two records (on any
 * instance) get the same number and a rolled-back insert gives its number back.
 */
export async function nextDailyReferenceNo(manager: EntityManager, letters: string, at: Date = new Date()): Promise<string> {
  const prefix = `${letters}-${isoDateCst(at).replace(/-/g, '')}`;
  const p = manager.connection.options.type === 'postgres' ? '$1' : '?';
  const rows: { value: number | string }[] = await manager.query(
    `INSERT INTO reference_counter (prefix, value) VALUES (${p}, 1)
     ON CONFLICT (prefix) DO UPDATE SET value = reference_counter.value + 1
     RETURNING value`,
    [prefix],
  );
  return `${prefix}-${String(Number(rows[0].value)).padStart(4, '0')}`;
}

/** An intent's reference number: YX-20201017-0042. */
export function nextReferenceNo(manager: EntityManager, at: Date = new Date()): Promise<string> {
  return nextDailyReferenceNo(manager, 'YX', at);
}
