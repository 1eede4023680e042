import { foldAscii, parseSearch } from './catalogue-search';

describe('parseSearch', () => {
  it('turns a 1- or 2-character term into one exact index lookup', () => {
    expect(parseSearch('酥梨')).toEqual([{ text: '酥梨', grams: ['酥梨'], exact: true }]);
    expect(parseSearch('梨')).toEqual([{ text: '梨', grams: ['梨'], exact: true }]);
  });

  it('narrows a longer term by its 2-character pieces and leaves the substring to be checked', () => {
    expect(parseSearch('砀山酥梨')).toEqual([{ text: '砀山酥梨', grams: ['砀山', '山酥', '酥梨'], exact: false }]);
  });

  it('splits on spaces, full-width spaces included, and drops repeats', () => {
    expect(parseSearch(' 砀山\u3000罐头  砀山 ').map((t) => t.text)).toEqual(['砀山', '罐头']);
  });

  it('folds ASCII letters only, as both databases do', () => {
    expect(parseSearch('Apple')[0].text).toBe('apple');
    expect(foldAscii('ÄBC')).toBe('Äbc');
  });

  it('counts characters, not UTF-16 units (a character outside the BMP is one)', () => {
    expect(parseSearch('𠀀梨')).toEqual([{ text: '𠀀梨', grams: ['𠀀梨'], exact: true }]);
  });

  it('keeps at most five terms and six pieces of a long term', () => {
    expect(parseSearch('一 二 三 四 五 六 七')).toHaveLength(5);
    expect(parseSearch('一二三四五六七八九十')[0].grams).toHaveLength(6);
  });

  it('finds nothing to search in an empty or blank query', () => {
    expect(parseSearch(undefined)).toEqual([]);
    expect(parseSearch('   ')).toEqual([]);
  });
});
