import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, normaliseCreditCode } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  const demoCodes = ['91341302MA7XDM7Q80', '93341321MAD32EDY3D', '91341322MAJ21EBP1X', '93341323MA6J4NK66H', '91341324MAKWJWQE3K'];

  it.each(demoCodes)('accepts %s, whose check character is right', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character from the first 17 characters', () => {
    expect(creditCodeCheckChar('91341302MA7XDM7Q8')).toBe('0');
    expect(creditCodeCheckChar('93341321MAD32EDY3')).toBe('D');
  });

  it('refuses a code whose last character was changed', () => {
    expect(creditCodeProblem('91341302MA7XDM7Q81')).toBe('check');
  });

  it('refuses letters outside the 31-symbol set, wrong lengths and non-digit area codes', () => {
    expect(creditCodeProblem('91341302MA7XDM7QO0')).toBe('shape'); // O is not a symbol
    expect(creditCodeProblem('91341302MA7XDM7Q8')).toBe('shape');
    expect(creditCodeProblem('9134130AMA7XDM7Q80')).toBe('shape');
    expect(creditCodeProblem('')).toBe('shape');
  });

  it('normalises pasted codes: spaces, full-width characters, lower case', () => {
    expect(normaliseCreditCode(' 9134 1302ma7xdm7q80 ')).toBe('91341302MA7XDM7Q80');
    expect(normaliseCreditCode('９１341302MA7XDM7Q80')).toBe('91341302MA7XDM7Q80');
  });
});
