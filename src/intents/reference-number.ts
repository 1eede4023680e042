import type { EntityManager } from 'typeorm';
import { isoDateCst } from '../common/dates';

/**
 * The next value of the counter named `prefix` (1 for a new prefix). One atomic upsert on
 * the counter row, inside the caller's transaction, so that no two records (on any instance)
 * get the same value and a rolled-back insert gives its value back: the sequence per prefix
 * has no gap and no duplicate. Every numbered record (意向, 认捐, 捐赠票据) counts here.
 */
export async function nextCounterValue(manager: EntityManager, prefix: string): Promise<number> {
  const p = manager.connection.options.type === 'postgres' ? '$1' : '?';
  const rows: { value: number | string }[] = await manager.query(
    `INSERT INTO reference_counter (prefix, value) VALUES (${p}, 1)
     ON CONFLICT (prefix) DO UPDATE SET value = reference_counter.value + 1
     RETURNING value`,
    [prefix],
  );
  return Number(rows[0].value);
}

/**
 * Next daily reference number for `letters` (China Standard Time): YX-20201017-0042 for an
 * intent, RJ-20201017-0007 for a pledge.
 */
export async function nextDailyReferenceNo(manager: EntityManager, letters: string, at: Date = new Date()): Promise<string> {
  const prefix = `${letters}-${isoDateCst(at).replace(/-/g, '')}`;
  return `${prefix}-${String(await nextCounterValue(manager, prefix)).padStart(4, '0')}`;
}

/** An intent's reference number: YX-20201017-0042. */
export function nextReferenceNo(manager: EntityManager, at: Date = new Date()): Promise<string> {
  return nextDailyReferenceNo(manager, 'YX', at);
}
