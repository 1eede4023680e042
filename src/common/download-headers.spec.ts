import { contentDisposition } from './download-headers';

describe('contentDisposition', () => {
  it('gives the UTF-8 name encoded and an ASCII fallback', () => {
    expect(contentDisposition('签约汇总表-20201017.xlsx', 'fair-workbook-20201017.xlsx')).toBe(
      `attachment; filename="fair-workbook-20201017.xlsx"; filename*=UTF-8''${encodeURIComponent('签约汇总表-20201017.xlsx')}`,
    );
    expect(contentDisposition("a'(b)*.xlsx", 'x"y\\z.xlsx')).toBe(
      `attachment; filename="x_y_z.xlsx"; filename*=UTF-8''a%27%28b%29%2A.xlsx`,
    );
  });
});
