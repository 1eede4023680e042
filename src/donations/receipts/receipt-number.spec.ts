import { receivedOnBounds } from './dto/receipt-fields';
import { parseReceiptNo, receiptCounterPrefix } from './receipt-number';

describe('捐赠票据号', () => {
  it('names the counter per office and year, SZ for the city office', () => {
    expect(receiptCounterPrefix('341321', 2020)).toBe('JZ-341321-2020');
    expect(receiptCounterPrefix('city', 2021)).toBe('JZ-SZ-2021');
  });

  it('reads a number back into office, year and sequence, and nothing else', () => {
    expect(parseReceiptNo('JZ-341321-2020-00042')).toEqual({ office: '341321', year: 2020, seq: 42 });
    expect(parseReceiptNo('JZ-SZ-2020-00001')).toEqual({ office: 'city', year: 2020, seq: 1 });
    expect(parseReceiptNo('JZ-SZ-2020-100000')).toEqual({ office: 'city', year: 2020, seq: 100_000 });
    for (const bad of ['JZ-341321-2020-42', 'YX-20201017-0001', 'JZ-city-2020-00001', '']) expect(parseReceiptNo(bad)).toBeNull();
  });
});

describe('到账日期 bounds', () => {
  it('runs from two years back to today in China Standard Time', () => {
    // 16:30 UTC on 31 Dec is already 1 Jan in China.
    expect(receivedOnBounds(new Date('2020-12-31T16:30:00Z'))).toEqual({ earliest: '2019-01-01', latest: '2021-01-01' });
    expect(receivedOnBounds(new Date('2020-10-17T02:00:00Z'))).toEqual({ earliest: '2018-10-17', latest: '2020-10-17' });
  });

  it('reads 29 February two years back as the 28th', () => {
    expect(receivedOnBounds(new Date('2024-02-29T04:00:00Z'))).toEqual({ earliest: '2022-02-28', latest: '2024-02-29' });
  });
});
