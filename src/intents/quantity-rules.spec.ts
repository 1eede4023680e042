import { checkQuantity } from './quantity-rules';

describe('quantity rules', () => {
  const pear = { name: '砀山酥梨', minOrder: 10, unit: '箱' };

  it('accepts whole numbers from the minimum order up, typed in any width', () => {
    expect(checkQuantity('10', pear)).toBe(10);
    expect(checkQuantity(' 1,200 ', pear)).toBe(1200);
    expect(checkQuantity('１２', pear)).toBe(12);
    expect(checkQuantity(25, pear)).toBe(25);
  });

  it.each([
    ['', '请填写“砀山酥梨”的数量'],
    ['9', '不能少于起订量 10 箱'],
    ['-5', '不能少于起订量 10 箱'],
    ['10.5', '应为整数'],
    ['abc', '应为整数'],
    ['1e3', '应为整数'],
    ['1000001', '不能超过 1,000,000 箱'],
    ['99999999999999999999', '不能超过'],
  ])('refuses %p', (raw, message) => {
    expect(checkQuantity(raw, pear)).toEqual(expect.stringContaining(message));
  });

  it('refuses values that are not text or numbers', () => {
    expect(checkQuantity(['10'], pear)).toEqual(expect.stringContaining('请填写'));
    expect(checkQuantity(undefined, pear)).toEqual(expect.stringContaining('请填写'));
  });
});
