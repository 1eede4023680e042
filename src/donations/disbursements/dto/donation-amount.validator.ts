import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { parseYuanToFen, toHalfWidth } from '../../../common/money';
import { MAX_DONATION_FEN } from '../../donation-limits';

/** Yuan as typed → fen when it is an amount the campaign accepts (> 0, at most 2 decimals, ≤ 1 亿元), else null. */
export function donationFen(yuan: unknown): number | null {
  if (typeof yuan !== 'string') return null;
  const fen = parseYuanToFen(yuan);
  return fen !== null && fen > 0 && fen <= MAX_DONATION_FEN ? fen : null;
}

/**
 * An amount in yuan as the campaign's forms take it, with a message that says what is wrong.
 * The field's label is the constraint: @Validate(IsDonationAmount, ['支付金额']).
 */
@ValidatorConstraint({ name: 'isDonationAmount' })
export class IsDonationAmount implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return donationFen(value) !== null;
  }

  defaultMessage(args: ValidationArguments): string {
    const label = String(args.constraints?.[0] ?? '金额');
    const text = toHalfWidth(String(args.value ?? ''))
      .trim()
      .replace(/[,，\s]/g, '')
      .replace(/^[¥￥]/, '');
    if (/^-/.test(text)) return `${label}不能为负数`;
    if (/^\d+(\.\d+)?$/.test(text) && Number(text) === 0) return `${label}应大于 0 元`;
    if (/^\d+\.\d{3,}$/.test(text)) return `${label}最多两位小数（精确到分）`;
    if (/^\d+(\.\d{1,2})?$/.test(text)) return `${label}不能超过 1 亿元`;
    return `${label}应为数字（元），如 5000 或 1250.50`;
  }
}
