import { dateForNextYear, instantForNextYear, nameForNextYear } from './fair-prefill';
import { nextStatus } from './fair-status';

describe('the next fair, filled in from the current one', () => {
  it('moves every standalone 4-digit year in the name one on, and nothing else', () => {
    expect(nameForNextYear('宿州市2020年扶贫日消费扶贫展销会')).toBe('宿州市2021年扶贫日消费扶贫展销会');
    expect(nameForNextYear('2020—2021年度展销会')).toBe('2021—2022年度展销会');
    expect(nameForNextYear('第7届展销会（编号 341300）')).toBe('第7届展销会（编号 341300）');
    expect(nameForNextYear('宿州市消费扶贫展销会')).toBe('宿州市消费扶贫展销会');
  });

  it('moves the date a year on, 29 February to 28 February', () => {
    expect(dateForNextYear('2020-10-17')).toBe('2021-10-17');
    expect(dateForNextYear('2020-02-29')).toBe('2021-02-28');
  });

  it('moves the deadline a year on, keeping the time of day', () => {
    expect(instantForNextYear(new Date('2020-10-15T10:00:00Z'))!.toISOString()).toBe('2021-10-15T10:00:00.000Z');
    expect(instantForNextYear(new Date('2020-02-29T10:00:00Z'))!.toISOString()).toBe('2021-02-28T10:00:00.000Z');
    expect(instantForNextYear(null)).toBeNull();
  });
});

describe('a fair’s life cycle', () => {
  it('goes one step forward at a time and ends at 已归档', () => {
    expect(nextStatus('preparing')).toBe('open');
    expect(nextStatus('open')).toBe('closed');
    expect(nextStatus('closed')).toBe('finished');
    expect(nextStatus('finished')).toBe('archived');
    expect(nextStatus('archived')).toBeNull();
  });
});
