import { displayWidth, fenToYuan, looksLikeFormula, yuanCellToFen } from './cells';

describe('fen → cell', () => {
  it('gives back every amount’s fen exactly, below ¥10,000 one by one, and large ones', () => {
    const wrong: number[] = [];
    for (let fen = 0; fen < 1_000_000; fen++) if (yuanCellToFen(fenToYuan(fen)) !== fen) wrong.push(fen);
    expect(wrong).toEqual([]);
    for (const fen of [1_234_567_89, 9_999_999_999, 10_000_000_000, 5_000_000 * 60_000, 2 ** 40 + 7]) {
      expect(yuanCellToFen(fenToYuan(fen))).toBe(fen);
      expect(String(fenToYuan(fen))).toBe(
        `${Math.floor(fen / 100)}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}`.replace(/0$/, '') : ''}`,
      );
    }
  });

  it('writes totals from fen sums, which yuan floats would not reproduce', () => {
    const fens = [10, 20];
    const total = fens.reduce((s, f) => s + f, 0);
    expect(fenToYuan(total)).toBe(0.3);
    expect(fens.map(fenToYuan).reduce((s, y) => s + y, 0)).not.toBe(0.3); // 0.30000000000000004: why totals are never summed in yuan
    expect(yuanCellToFen(fens.map(fenToYuan).reduce((s, y) => s + y, 0))).toBe(total);
  });

  it('refuses a fractional or unsafe amount', () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(2 ** 53)).toThrow(RangeError);
  });
});

describe('cells', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('签约金额（元）')).toBe(14);
    expect(displayWidth('YX-20201017-0042')).toBe(16);
  });

  it('recognises text a spreadsheet could take for a formula', () => {
    for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(looksLikeFormula(t)).toBe(true);
    for (const t of ['砀山酥梨', '1+1', ' =1']) expect(looksLikeFormula(t)).toBe(false);
  });
});
