import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { isIsoDate, isoDateCst } from '../../../common/dates';
import { toHalfWidth } from '../../../common/money';

/**
 * The rules of a receipt's own fields, each with the message the office fixes it by:
 * 到账日期 and 银行流水号 (the amount follows the campaign's rule, donation-amount.ts).
 */

/**
 * How far back a 到账日期 may go: two years. Money of a campaign arrives within months of its
 * pledge; an older date is a typing slip (2002 for 2020), and an archived fair's receipts
 * cannot be recorded anyway.
 */
export const RECEIVED_ON_MAX_AGE_YEARS = 2;

/** The earliest and latest 到账日期 accepted today (CST), as YYYY-MM-DD. */
export function receivedOnBounds(now = new Date()): { earliest: string; latest: string } {
  const latest = isoDateCst(now);
  const earliest = `${Number(latest.slice(0, 4)) - RECEIVED_ON_MAX_AGE_YEARS}${latest.slice(4)}`.replace(/-02-29$/, '-02-28');
  return { earliest, latest };
}

@ValidatorConstraint({ name: 'isReceivedOn' })
export class IsReceivedOn implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !isIsoDate(value)) return false;
    const { earliest, latest } = receivedOnBounds();
    return value >= earliest && value <= latest;
  }
  defaultMessage(args: ValidationArguments): string {
    const value = String(args.value ?? '');
    if (!isIsoDate(value)) return '到账日期应为有效日期，如 2020-10-17';
    const { earliest, latest } = receivedOnBounds();
    if (value > latest) return '到账日期不能晚于今天';
    return `到账日期不能早于 ${earliest}（${RECEIVED_ON_MAX_AGE_YEARS} 年前），请核对`;
  }
}

/**
 * 银行流水号 as it is compared for uniqueness: half-width, without spaces, upper case — so a
 * reference pasted from a statement with spaces or typed in lower case is still the same one.
 */
export function normaliseBankReference(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').toUpperCase();
}

/** What a normalised 银行流水号 may hold: letters, digits and the separators statements print. */
export const BANK_REFERENCE_PATTERN = /^[A-Z0-9][A-Z0-9\-_/.]*$/;
