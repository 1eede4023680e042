import { fenToYuanString, parseYuanToFen } from '../common/money';
import { parsePage } from '../common/page-param';
import { MAX_PRICE_FEN } from '../products/dto/product-input.dto';
import { PRODUCT_CATEGORIES } from '../products/product-options';
import { MAX_SEARCH_LENGTH } from './catalogue-search';

/** The catalogue's sort orders, as they appear in URLs. */
export const CATALOGUE_SORTS = ['newest', 'price_asc', 'price_desc'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];
export const CATALOGUE_SORT_LABELS: Record<CatalogueSort, string> = {
  newest: '最新发布',
  price_asc: '价格从低到高',
  price_desc: '价格从高到低',
};

/** The catalogue page shows 24 products; the API lets the caller choose up to 100. */
export const HTML_PAGE_SIZE = 24;
export const API_MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 100_000;

/** What the catalogue can be filtered and sorted by, in the database's terms (prices in fen). */
export interface CatalogueFilters {
  countyCode?: string;
  category?: string;
  q?: string;
  minPriceFen?: number;
  maxPriceFen?: number;
  sort: CatalogueSort;
}

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.trim() : undefined;
};

/**
 * The catalogue page's query string, normalised instead of refused: a link shared in WeChat
 * with a mistyped value still shows a page. Unknown categories, malformed county codes and
 * prices that are not amounts are dropped, a reversed price range is swapped, a long search
 * is cut, a bad page number becomes 1. (Whether the county exists is checked by the page.)
 */
export function normaliseCatalogueQuery(query: Record<string, unknown>): { filters: CatalogueFilters; page: number } {
  const county = first(query.county);
  const category = first(query.category);
  const q = first(query.q)?.replace(/\s+/g, ' ');
  const sort = first(query.sort);
  const price = (value: unknown): number | undefined => {
    const text = first(value);
    const fen = text ? parseYuanToFen(text) : null;
    return fen !== null && fen <= MAX_PRICE_FEN ? fen : undefined;
  };
  let minPriceFen = price(query.minPrice);
  let maxPriceFen = price(query.maxPrice);
  if (minPriceFen !== undefined && maxPriceFen !== undefined && minPriceFen > maxPriceFen) {
    [minPriceFen, maxPriceFen] = [maxPriceFen, minPriceFen];
  }
  return {
    filters: {
      countyCode: county && /^\d{6}$/.test(county) ? county : undefined,
      category: category && (PRODUCT_CATEGORIES as readonly string[]).includes(category) ? category : undefined,
      q: q ? Array.from(q).slice(0, MAX_SEARCH_LENGTH).join('') : undefined,
      minPriceFen,
      maxPriceFen,
      sort: (CATALOGUE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as CatalogueSort) : 'newest',
    },
    page: parsePage(first(query.page), MAX_PAGE),
  };
}

/** 1250 → "12.5", 1000 → "10": the yuan amount as a person would type it into the filter. */
export function yuanParam(fen: number | undefined): string | undefined {
  if (fen === undefined) return undefined;
  return fenToYuanString(fen).replace(/\.?0+$/, '');
}

/** The filters as URL parameters (the page links and the form keep them), defaults left out. */
export function catalogueQueryParams(filters: CatalogueFilters): Record<string, string | undefined> {
  return {
    q: filters.q,
    county: filters.countyCode,
    category: filters.category,
    minPrice: yuanParam(filters.minPriceFen),
    maxPrice: yuanParam(filters.maxPriceFen),
    sort: filters.sort === 'newest' ? undefined : filters.sort,
  };
}
