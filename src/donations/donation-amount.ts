import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { parseYuanToFen, toHalfWidth } from '../common/money';
import { MAX_DONATION_FEN } from './donation-limits';

/**
 * The campaign's one amount rule (认捐, 到账, 资金使用, a project's sought amount): yuan as
 * typed ("5000", "1,234.50", "１２.５") is > 0, has at most two decimals and is at most
 * MAX_DONATION_FEN. Every part parses and explains through here, so they cannot drift apart.
 */

/** 1 亿元, as the refusal names the ceiling. */
const MAX_LABEL = `${MAX_DONATION_FEN / 100 / 100_000_000} 亿元`;

/** Yuan as typed → fen when it is an amount the campaign accepts, else null. */
export function donationFen(yuan: unknown): number | null {
  if (typeof yuan !== 'string') return null;
  const fen = parseYuanToFen(yuan);
  return fen !== null && fen > 0 && fen <= MAX_DONATION_FEN ? fen : null;
}

/** Why `yuan` is not an amount the campaign accepts, in words that say how to fix it (`label` names the field), or null. */
export function donationAmountProblem(yuan: unknown, label: string): string | null {
  if (donationFen(yuan) !== null) return null;
  const text = toHalfWidth(typeof yuan === 'string' ? yuan : '')
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (/^-/.test(text)) return `${label}不能为负数`;
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) === 0) return `${label}应大于 0 元`;
  if (/^\d+\.\d{3,}$/.test(text)) return `${label}最多两位小数（精确到分）`;
  if (/^\d+(\.\d{1,2})?$/.test(text)) return `${label}不能超过 ${MAX_LABEL}，请核对`;
  return `${label}应为数字（元），如 5000 或 1250.50`;
}

/** The rule as a DTO field's validator; the field's label is the constraint: @Validate(IsDonationAmount, ['支付金额']). */
@ValidatorConstraint({ name: 'isDonationAmount' })
export class IsDonationAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return donationFen(value) !== null;
  }

  defaultMessage(args: ValidationArguments): string {
    return donationAmountProblem(args.value, String(args.constraints?.[0] ?? '金额')) ?? '';
  }
}
