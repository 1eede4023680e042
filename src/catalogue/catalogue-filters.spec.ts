import { catalogueQueryParams, normaliseCatalogueQuery, yuanParam } from './catalogue-filters';

describe('normaliseCatalogueQuery (the catalogue page never refuses a shared link)', () => {
  it('reads every filter, prices in yuan as typed', () => {
    const { filters, page } = normaliseCatalogueQuery({
      q: ' 酥梨 ',
      county: '341321',
      category: '蔬菜水果',
      minPrice: '１０',
      maxPrice: '58.5',
      sort: 'price_desc',
      page: '3',
    });
    expect(filters).toEqual({
      q: '酥梨',
      countyCode: '341321',
      category: '蔬菜水果',
      minPriceFen: 1000,
      maxPriceFen: 5850,
      sort: 'price_desc',
    });
    expect(page).toBe(3);
  });

  it('drops what it cannot use and falls back to the defaults', () => {
    const { filters, page } = normaliseCatalogueQuery({ county: 'x', category: '水果', minPrice: 'cheap', sort: 'best', page: 'abc' });
    expect(filters).toEqual({ sort: 'newest' });
    expect(page).toBe(1);
  });

  it('swaps a reversed price range and takes the first of repeated parameters', () => {
    const { filters } = normaliseCatalogueQuery({ minPrice: '100', maxPrice: '20', category: ['酒类', '其他'] });
    expect(filters).toMatchObject({ minPriceFen: 2000, maxPriceFen: 10000, category: '酒类' });
  });

  it('cuts a long search to 50 characters', () => {
    expect(normaliseCatalogueQuery({ q: '梨'.repeat(80) }).filters.q).toHaveLength(50);
  });

  it('writes the filters back as short URL parameters', () => {
    const { filters } = normaliseCatalogueQuery({ q: '酥梨', minPrice: '12.50', maxPrice: '100' });
    expect(catalogueQueryParams(filters)).toEqual({
      q: '酥梨',
      county: undefined,
      category: undefined,
      minPrice: '12.5',
      maxPrice: '100',
      sort: undefined,
    });
    expect(yuanParam(0)).toBe('0');
  });
});
