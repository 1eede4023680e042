import { parseYuanToFen, toHalfWidth } from '../../common/money';
import { MAX_DONATION_FEN } from '../donation-limits';

/** 1 亿元, as the refusal names the ceiling. */
const MAX_LABEL = `${MAX_DONATION_FEN / 100 / 100_000_000} 亿元`;

/** Yuan as typed ("5000", "1,234.50", "１２.５") → fen when it is an amount a donation may be, else null. */
export function donationFen(yuan: string): number | null {
  const fen = parseYuanToFen(yuan);
  return fen !== null && fen > 0 && fen <= MAX_DONATION_FEN ? fen : null;
}

/**
 * Why `yuan` is not a donation amount, in words the donor fixes it with (`label` names the
 * field: 认捐金额), or null when it is one.
 */
export function donationAmountProblem(yuan: string, label: string): string | null {
  if (donationFen(yuan) !== null) return null;
  const text = toHalfWidth(yuan)
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (/^-/.test(text)) return `${label}不能为负数`;
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) === 0) return `${label}应大于 0 元`;
  if (/^\d+\.\d{3,}$/.test(text)) return `${label}最多两位小数（精确到分）`;
  if (/^\d+(\.\d{1,2})?$/.test(text)) return `${label}不能超过 ${MAX_LABEL}`;
  return `${label}应为数字（元），如 500 或 1200.50`;
}
