import { fenToChineseCapitals, fenToYuanString, formatFen, formatWanYuan, parseYuanToFen } from './money';

describe('money in fen', () => {
  it('formats fen as yuan with grouping and two decimals', () => {
    expect(formatFen(123450)).toBe('¥1,234.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(-1050)).toBe('-¥10.50');
  });

  it('writes form values without symbol or grouping', () => {
    expect(fenToYuanString(123450)).toBe('1234.50');
  });

  it('shows large totals in 万元', () => {
    expect(formatWanYuan(123_450_000)).toBe('123.45万元');
  });

  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['1,234.56', 123456],
    ['¥8', 800],
    ['１２.５', 1250],
    ['0.01', 1],
  ])('reads %s yuan as %d fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['', 'abc', '12.345', '-1', '1e3', '12.', '.5', '99999999999'])('refuses %p as an amount', (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });
});

describe('amount in Chinese capitals (大写金额)', () => {
  it.each([
    [1_230_000, '壹万贰仟叁佰元整'],
    [100_520, '壹仟零伍元贰角'],
    [5, '伍分'],
    [0, '零元整'],
    [1_000, '壹拾元整'],
    [10_000_000, '壹拾万元整'],
    [100_000_001, '壹佰万元零壹分'],
    [1_005_000, '壹万零伍拾元整'],
    [105_000_000, '壹佰零伍万元整'],
    [10_000_000_000, '壹亿元整'],
    [10_050_000_000, '壹亿零伍拾万元整'],
    [1_234_567_891, '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角壹分'],
    [120, '壹元贰角'],
    [105, '壹元零伍分'],
    [50, '伍角'],
  ])('%d fen → %s', (fen, text) => {
    expect(fenToChineseCapitals(fen)).toBe(text);
  });

  it('refuses a fractional number of fen', () => {
    expect(() => fenToChineseCapitals(1.5)).toThrow(RangeError);
  });
});
