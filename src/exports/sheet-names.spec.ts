import { sanitiseSheetName, SheetNames, SHEET_NAME_MAX } from './sheet-names';

describe('sanitiseSheetName', () => {
  it('keeps an ordinary county name as it is', () => {
    expect(sanitiseSheetName('砀山县')).toBe('砀山县');
  });

  it('replaces the characters Excel forbids, and apostrophes, with spaces', () => {
    expect(sanitiseSheetName('a[b]c:d*e?f/g\\h')).toBe('a b c d e f g h');
    expect(sanitiseSheetName("'引号'单位'")).toBe('引号 单位');
  });

  it('turns control characters into spaces and trims', () => {
    expect(sanitiseSheetName('\t=1+1\r\n食堂 ')).toBe('1+1 食堂');
  });

  it('cuts to 31 characters without splitting a character outside the BMP', () => {
    expect(sanitiseSheetName('县'.repeat(40))).toBe('县'.repeat(31));
    const name = sanitiseSheetName('😀'.repeat(20));
    expect(name.length).toBeLessThanOrEqual(SHEET_NAME_MAX);
    expect(name).toBe('😀'.repeat(15));
  });

  it('drops the characters that make a name read as a formula from its start', () => {
    expect(sanitiseSheetName('=宿州市演示医院')).toBe('宿州市演示医院');
    expect(sanitiseSheetName(' +-@ 演示学校')).toBe('演示学校');
    expect(sanitiseSheetName('=+-')).toBe('工作表');
  });

  it('uses the fallback for a name that is empty once cleaned', () => {
    expect(sanitiseSheetName('[]*?', '单位7')).toBe('单位7');
    expect(sanitiseSheetName('')).toBe('工作表');
  });
});

describe('SheetNames', () => {
  it('makes names unique without regard to case, avoiding the reserved ones', () => {
    const names = new SheetNames(['汇总']);
    expect(names.take('汇总')).toBe('汇总(2)');
    expect(names.take('School')).toBe('School');
    expect(names.take('SCHOOL')).toBe('SCHOOL(2)');
    expect(names.take('school')).toBe('school(3)');
  });

  it('keeps a numbered long name within 31 characters', () => {
    const names = new SheetNames();
    const long = '宿州市某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某第一中学';
    const first = names.take(long);
    const second = names.take(long);
    expect(first).toHaveLength(31);
    expect(second).toHaveLength(31);
    expect(second.endsWith('(2)')).toBe(true);
    expect(second).not.toBe(first);
  });
});
