import type { EntityManager } from 'typeorm';
import { isoDateCst } from '../../common/dates';
import { nextCounterValue } from '../../intents/reference-number';
import { CITY_OFFICE } from '../donation-office';

/**
 * 捐赠票据号: JZ-{office}-{year}-{seq}, e.g. JZ-341321-2020-00001 for 砀山县's office and
 * JZ-SZ-2020-00001 for the city's. JZ = 捐赠; the office is the county's division code, or
 * SZ (市级, the city office); the year is the calendar year (China Standard Time) in which the
 * receipt is issued, so each office starts a new run at 00001 every January, as paper receipt
 * books do; the sequence has five digits (up to 99,999 receipts an office a year, far above
 * any county's count; a 100,000th would print six digits, still unique).
 *
 * The sequence comes from the shared reference counter, row `JZ-{office}-{year}`, inside the
 * transaction that inserts the receipt: concurrent receipts of one office queue on that row
 * (never the same number), a refused or rolled-back receipt gives its number back (no gap),
 * and a killed process never commits a number without its receipt. A voided receipt keeps
 * its number: numbers are never reused.
 */
export const CITY_RECEIPT_CODE = 'SZ';

/** The counter's name for an office's receipts of a year: JZ-341321-2020. */
export function receiptCounterPrefix(office: string, year: number): string {
  return `JZ-${office === CITY_OFFICE ? CITY_RECEIPT_CODE : office}-${year}`;
}

/** Takes the office's next receipt number; call inside the transaction that inserts the receipt. */
export async function nextReceiptNo(manager: EntityManager, office: string, at: Date = new Date()): Promise<string> {
  const prefix = receiptCounterPrefix(office, Number(isoDateCst(at).slice(0, 4)));
  return `${prefix}-${String(await nextCounterValue(manager, prefix)).padStart(5, '0')}`;
}

/** Reads a receipt number back into its parts (tests and lists sort by the sequence). */
export function parseReceiptNo(receiptNo: string): { office: string; year: number; seq: number } | null {
  const m = /^JZ-(\d{6}|SZ)-(\d{4})-(\d{5,})$/.exec(receiptNo);
  if (!m) return null;
  return { office: m[1] === CITY_RECEIPT_CODE ? CITY_OFFICE : m[1], year: Number(m[2]), seq: Number(m[3]) };
}
