import { MAX_RECORD_ID, parseRecordId } from './id-param';

describe('parseRecordId', () => {
  it('reads an id written as decimal digits without a leading zero, up to 2,147,483,647', () => {
    expect(parseRecordId('1')).toBe(1);
    expect(parseRecordId('16')).toBe(16);
    expect(parseRecordId('2147483647')).toBe(MAX_RECORD_ID);
    expect(parseRecordId(42)).toBe(42);
  });

  it('refuses every other spelling, even those Number() reads', () => {
    const refused = ['2147483648', '99999999999999999999', '0x10', '00001', '-1', '1e3', '0', '1.0', '+1', ' 1', '1 ', '', '１２', 'abc'];
    for (const value of refused) expect([value, parseRecordId(value)]).toEqual([value, null]);
    for (const value of [0, -1, 1.5, 2 ** 31, NaN, Infinity, null, undefined, ['1'], { id: 1 }]) expect(parseRecordId(value)).toBeNull();
  });
});
