/**
 * Money is integer fen (分) everywhere; this file is the one place that turns it into
 * text and back. Floats never hold an amount.
 */

/** 123450 → "¥1,234.50" */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** 123450 → "1234.50" (for form fields, without symbol or grouping). */
export function fenToYuanString(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 123450000 → "1.23万元"-style figure for dashboards: "12,345.00万元" (two decimals, 万元). */
export function formatWanYuan(fen: number): string {
  const wan = fen / 1_000_000; // 1 万元 = 10,000 元 = 1,000,000 分
  return `${wan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}万元`;
}

/**
 * Parses what a person types as a yuan amount ("12", "12.5", "12.50", "1,234.50", "１２.５")
 * into fen. Returns null when it is not a non-negative amount with at most two decimals.
 */
export function parseYuanToFen(input: string): number | null {
  const text = toHalfWidth(String(input))
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Full-width digits and punctuation (common with Chinese input methods) to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** Reads a 4-digit group (0..9999) in capitals, with inner zeros collapsed to one 零. */
function groupToCapitals(group: number): string {
  let out = '';
  let pendingZero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(group / 10 ** pos) % 10;
    if (d === 0) {
      if (out) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[d] + SMALL_UNITS[pos];
  }
  return out;
}

/**
 * The amount in Chinese capitals (大写金额) as contracts and receipts print it:
 * 1230000 → 壹万贰仟叁佰元整, 100520 → 壹仟零伍元贰角, 5 → 伍分, 0 → 零元整.
 */
export function fenToChineseCapitals(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('amount must be an integer number of fen');
  if (fen < 0) return `负${fenToChineseCapitals(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const fenDigit = fen % 10;

  let yuanText = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
    let needZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i];
      if (g === 0) {
        needZero = yuanText !== '';
        continue;
      }
      // A group below 1000 after a higher group is read with a leading 零 (壹万零伍佰).
      if (yuanText && (needZero || g < 1000)) yuanText += '零';
      yuanText += groupToCapitals(g) + BIG_UNITS[i];
      needZero = false;
    }
    yuanText += '元';
  }

  if (jiao === 0 && fenDigit === 0) return (yuanText || '零元') + '整';
  let tail = '';
  if (jiao > 0) tail += DIGITS[jiao] + '角';
  else if (yuanText) tail += '零';
  if (fenDigit > 0) tail += DIGITS[fenDigit] + '分';
  return yuanText + tail;
}
