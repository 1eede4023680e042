/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters,
 * the last one a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 symbols: no I, O, S, V, Z
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]; // 3^i mod 31

/** Common registering-authority + type prefixes; others exist and only merit a warning. */
export const KNOWN_PREFIXES: Record<string, string> = {
  '11': '机关',
  '12': '事业单位',
  '13': '中央编办管理的其他机构',
  '19': '其他机构编制',
  '51': '社会团体',
  '52': '民办非企业单位',
  '53': '基金会',
  '59': '其他民政登记',
  '91': '企业',
  '92': '个体工商户',
  '93': '农民专业合作社',
};

/** Upper-cases and drops spaces, as people paste codes from certificates. */
export function normaliseCreditCode(input: string): string {
  return String(input ?? '')
    .replace(/[\s\u3000-]/g, '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

/** The check character for the first 17 characters (which must already be valid symbols). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

export type CreditCodeProblem = 'shape' | 'check';

/** null when the code is well-formed and its check character matches. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (!SHAPE.test(code)) return 'shape';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
