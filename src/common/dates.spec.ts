import { datetimeLocalCst, endOfDayCst, formatDateCn, formatDateTimeCn, isIsoDate, isoDateCst, parseDatetimeLocalCst } from './dates';

describe('dates in China Standard Time', () => {
  it('writes a calendar date as 2020年10月17日', () => {
    expect(formatDateCn('2020-10-17')).toBe('2020年10月17日');
  });

  it('reads an instant in UTC+8, so late evening UTC is the next day in China', () => {
    const instant = new Date('2020-10-16T17:30:00Z'); // 01:30 on the 17th in Beijing
    expect(formatDateCn(instant)).toBe('2020年10月17日');
    expect(formatDateTimeCn(instant)).toBe('2020年10月17日 01:30');
    expect(isoDateCst(instant)).toBe('2020-10-17');
  });

  it('ends a calendar day at midnight in Beijing (16:00 UTC), across a month end', () => {
    expect(endOfDayCst('2020-10-17').toISOString()).toBe('2020-10-17T16:00:00.000Z');
    expect(endOfDayCst('2020-12-31').toISOString()).toBe('2020-12-31T16:00:00.000Z');
  });

  it('round-trips a datetime-local value typed in Beijing time', () => {
    const d = parseDatetimeLocalCst('2020-10-16T18:00')!;
    expect(d.toISOString()).toBe('2020-10-16T10:00:00.000Z');
    expect(datetimeLocalCst(d)).toBe('2020-10-16T18:00');
  });

  it('refuses impossible dates', () => {
    expect(parseDatetimeLocalCst('2020-02-31T10:00')).toBeNull();
    expect(isIsoDate('2020-02-30')).toBe(false);
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('20201017')).toBe(false);
  });

  it('shows nothing for an empty value', () => {
    expect(formatDateCn(null)).toBe('');
    expect(formatDateTimeCn(undefined)).toBe('');
  });
});
