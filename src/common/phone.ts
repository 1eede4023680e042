/**
 * Mainland mobile numbers: 11 digits starting 1[3-9]. People type them with +86 or 0086,
 * spaces, dashes and full-width digits; we store the bare 11 digits. Lists of "valid
 * segments" go stale, so no segment list is kept.
 */
export function normaliseMobile(input: string): string | null {
  const digits = String(input ?? '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-()（）]/g, '')
    .replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
