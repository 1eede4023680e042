import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { CountiesService, type CountyReadiness } from '../counties/counties.service';
import type { ProductStatus } from '../products/product-options';
import type { CatalogueFilters, CatalogueSort } from './catalogue-filters';
import { ASCII_LOWER, ASCII_UPPER, parseSearch } from './catalogue-search';

/** A product as the catalogue lists it (published fields only, with its county). */
export interface CatalogueItem {
  id: number;
  code: string;
  name: string;
  category: string;
  spec: string;
  unit: string;
  priceFen: number;
  capacity: number;
  minOrder: number;
  supplier: string;
  origin: string;
  imageUrl: string | null;
  county: { code: string; name: string };
}

/** Everything the product page shows. */
export interface CatalogueProduct extends CatalogueItem {
  description: string;
  certificateNo: string | null;
  povertyHouseholds: number | null;
  status: ProductStatus;
}

export interface CataloguePage {
  items: CatalogueItem[];
  total: number;
  /** The page shown: with `clampPage`, a page past the end becomes the last page. */
  page: number;
  pageSize: number;
}

export interface PublishedCounts {
  counties: CountyReadiness[];
  /** Category → published products (categories without any are absent). */
  categories: Map<string, number>;
}

export interface CountyOption {
  id: number;
  code: string;
  name: string;
}

/** Sort key and direction; `id` breaks ties so that pages never overlap. */
const ORDER_BY: Record<CatalogueSort, [column: string, direction: 'ASC' | 'DESC']> = {
  newest: ['publishedAt', 'DESC'],
  price_asc: ['priceFen', 'ASC'],
  price_desc: ['priceFen', 'DESC'],
};

const ITEM_COLUMNS = `p."id", p."code", p."name", p."category", p."spec", p."unit", p."priceFen", p."capacity",
  p."minOrder", p."supplierName", p."origin", p."imageKey", c."code" AS "countyCode", c."name" AS "countyName"`;

const SEARCHED_COLUMNS = ['name', 'supplierName', 'origin', 'description'];
const COUNTY_CACHE_MS = 60_000;
const COUNTS_CACHE_MS = 10_000;

type Row = Record<string, unknown>;

/** Collects bound parameters and writes each engine's placeholder (? or $n). */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly db: DataSource) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.db.driver.createParameter(`p${this.values.length}`, this.values.length - 1);
  }
}

/**
 * The public catalogue's queries: search, filters, sort, counts and one product, over
 * Product and County. Written as SQL (read-only, no entity hydration) because the list page
 * is the platform's hottest path — TypeORM's find/hydration cost more than the queries
 * themselves — and so that the plan is chosen here, not by chance (see searchSource()).
 * Every query is one statement per page part: no per-row (N+1) queries.
 */
@Injectable()
export class CatalogueService {
  private readonly postgres: boolean;
  private counties?: { list: CountyOption[]; until: number };
  private countsKept?: { counts: PublishedCounts; until: number };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly countiesService: CountiesService,
  ) {
    this.postgres = db.options.type === 'postgres';
  }

  /**
   * Counties for the filter, by code. Kept for a minute: the list page shows them on every
   * request, they change about never, and reading 100 of them costs 0.16 ms, a tenth of the
   * page. A link naming a county the kept list lacks (one added since) reads them again; a
   * renamed county shows its old name for at most a minute.
   */
  async countyOptions(wanted?: string): Promise<CountyOption[]> {
    const kept = this.counties;
    if (kept && kept.until > Date.now() && (!wanted || kept.list.some((c) => c.code === wanted))) return kept.list;
    const rows: Row[] = await this.db.query(`SELECT "id", "code", "name" FROM "county" ORDER BY "code"`);
    const list = rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name) }));
    this.counties = { list, until: Date.now() + COUNTY_CACHE_MS };
    return list;
  }

  async findCountyByCode(code: string): Promise<CountyOption | null> {
    const params = new Params(this.db);
    const rows: Row[] = await this.db.query(`SELECT "id", "code", "name" FROM "county" WHERE "code" = ${params.add(code)}`, params.values);
    return rows[0] ? { id: Number(rows[0].id), code: String(rows[0].code), name: String(rows[0].name) } : null;
  }

  /**
   * Published products per county (with each county's minimum) and per category, for the
   * front page and /api/counties. Two grouped counts over the (status, countyId) and
   * (status, category) indexes: 1.8 + 1.2 ms at 20,000 products on SQLite (measured), most of
   * a 5 ms front page. So the figures are kept for COUNTS_CACHE_MS: at most one count per
   * instance per 10 s, however many visitors a shared link brings, and never older than that.
   */
  async publishedCounts(): Promise<PublishedCounts> {
    const kept = this.countsKept;
    if (kept && kept.until > Date.now()) return kept.counts;
    const [counties, rows] = await Promise.all([
      this.countiesService.readiness(),
      this.db.query(`SELECT "category", COUNT(*) AS "n" FROM "product" WHERE "status" = 'published' GROUP BY "category"`) as Promise<Row[]>,
    ]);
    const counts = { counties, categories: new Map(rows.map((r) => [String(r.category), Number(r.n)])) };
    this.countsKept = { counts, until: Date.now() + COUNTS_CACHE_MS };
    return counts;
  }

  /** One page of published products matching the filters, and how many match in all. */
  async search(filters: CatalogueFilters, page: number, pageSize: number, options: { clampPage?: boolean } = {}): Promise<CataloguePage> {
    const clamp = (total: number) => (options.clampPage ? Math.min(page, Math.max(1, Math.ceil(total / pageSize))) : page);

    if (parseSearch(filters.q).length > 0) {
      // A search's candidates come from the n-gram index and each has to be read to be
      // filtered: read them once, as sorted ids, rather than once to count and again to sort
      // (at 20,000 products 0.28 instead of 0.40 ms for the benchmark's 酥梨 search, 13 instead
      // of 16 ms for 合作社, which half the catalogue contains).
      const params = new Params(this.db);
      const { from, where, orderBy } = this.searchSource(filters, params, 'page');
      const matches: Row[] = await this.db.query(`SELECT p."id" FROM ${from} WHERE ${where} ORDER BY ${orderBy}`, params.values);
      const shown = clamp(matches.length);
      const ids = matches.slice((shown - 1) * pageSize, shown * pageSize).map((r) => Number(r.id));
      return { items: await this.itemsByIds(ids, filters), total: matches.length, page: shown, pageSize };
    }

    // Without a search, an index answers the count and another gives the page in order; the
    // page's ids are chosen first and only their rows read (sorting narrow rows, not products).
    const countParams = new Params(this.db);
    const counted = this.searchSource(filters, countParams, 'count');
    const countRows: Row[] = await this.db.query(`SELECT COUNT(*) AS "n" FROM ${counted.from} WHERE ${counted.where}`, countParams.values);
    const total = Number(countRows[0]?.n ?? 0);
    const shown = clamp(total);
    if (total === 0 || (shown - 1) * pageSize >= total) return { items: [], total, page: shown, pageSize };
    const params = new Params(this.db);
    const { from, where, orderBy } = this.searchSource(filters, params, 'page');
    const limit = params.add(pageSize);
    const offset = params.add((shown - 1) * pageSize);
    const rows: Row[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS}
       FROM (SELECT p."id" FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}) k
       CROSS JOIN "product" p CROSS JOIN "county" c
       WHERE p."id" = k."id" AND c."id" = p."countyId"
       ORDER BY ${this.sortKey(filters)}`,
      params.values,
    );
    return { items: rows.map((r) => this.item(r)), total, page: shown, pageSize };
  }

  /** The listed fields of these products, in the sort order. */
  private async itemsByIds(ids: number[], filters: CatalogueFilters): Promise<CatalogueItem[]> {
    if (ids.length === 0) return [];
    const params = new Params(this.db);
    const rows: Row[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM "product" p JOIN "county" c ON c."id" = p."countyId"
       WHERE p."id" IN (${ids.map((id) => params.add(id)).join(', ')}) ORDER BY ${this.sortKey(filters)}`,
      params.values,
    );
    return rows.map((r) => this.item(r));
  }

  /** A published product as the API lists it, or 404 (drafts, submissions and withdrawn listings are not public). */
  async findPublishedItemOrThrow(id: number): Promise<CatalogueItem> {
    const product = await this.findProduct(id);
    if (!product || product.status !== 'published') throw AppError.notFound('产品');
    // Exactly the list's fields, in the list's order.
    const { code, name, category, spec, unit, priceFen, capacity, minOrder, supplier, origin, imageUrl, county } = product;
    return { id: product.id, code, name, category, spec, unit, priceFen, capacity, minOrder, supplier, origin, imageUrl, county };
  }

  /**
   * The product page: published products for everyone; an unpublished one only for its own
   * county's operators and the organiser (a preview), 404 for anyone else.
   */
  async findForViewerOrThrow(id: number, viewer: SessionUser | undefined): Promise<CatalogueProduct> {
    const product = await this.findProduct(id);
    if (!product) throw AppError.notFound('产品');
    if (product.status === 'published') return product;
    const mayPreview =
      viewer?.role === 'organiser' || (viewer?.role === 'county' && viewer.countyId !== null && viewer.countyId === product.countyId);
    if (!mayPreview) throw AppError.notFound('产品');
    return product;
  }

  private async findProduct(id: number): Promise<(CatalogueProduct & { countyId: number }) | null> {
    const params = new Params(this.db);
    const rows: Row[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS}, p."countyId", p."description", p."certificateNo", p."povertyHouseholds", p."status"
       FROM "product" p JOIN "county" c ON c."id" = p."countyId" WHERE p."id" = ${params.add(id)}`,
      params.values,
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...this.item(r),
      countyId: Number(r.countyId),
      description: String(r.description ?? ''),
      certificateNo: (r.certificateNo as string | null) ?? null,
      povertyHouseholds: r.povertyHouseholds === null || r.povertyHouseholds === undefined ? null : Number(r.povertyHouseholds),
      status: r.status as ProductStatus,
    };
  }

  /**
   * FROM, WHERE and ORDER BY for the published products matching the filters, written so that
   * each engine takes the right index (measured at 20,000 products in 100 counties):
   *
   * With a search, the matching ids come from the n-gram index first (the intersection of each
   * term's entries) and the product rows are then looked up by id, a few hundred primary-key
   * lookups. Left to themselves the planners do otherwise:
   *  - SQLite (no ANALYZE statistics) scans the status index and probes the ids per row,
   *    1.0 ms instead of 0.06 ms for a count: `ids CROSS JOIN product` fixes the join order;
   *  - PostgreSQL hash-joins them against a sequential scan of all products (it prices random
   *    reads high), 12 ms instead of 1.0 ms: `id = ANY(ARRAY(ids))` makes it look them up.
   *
   * Without a search, SQLite, again for lack of statistics, often takes the worse of two usable
   * indexes — a wide price range over the county or category (5.2 ms instead of 0.8 for a
   * count), the sort column's index over the county (12 ms instead of 0.07 for a page). So the
   * query names the driving index: the county's when filtering by county (fewest rows), else
   * the category's to count and the sort column's to read a page in order, else the price
   * range's; a `+` before a column (SQLite: "not from an index") keeps the planner off the
   * others. PostgreSQL plans from its statistics and gets no hints.
   */
  private searchSource(
    filters: CatalogueFilters,
    params: Params,
    purpose: 'count' | 'page',
  ): { from: string; where: string; orderBy: string } {
    // Parameters are added in the order they appear in the SQL text (SQLite's ? is positional).
    const terms = parseSearch(filters.q);
    const [sortColumn] = ORDER_BY[filters.sort];
    const driver =
      terms.length > 0
        ? 'search'
        : filters.countyCode
          ? 'countyId'
          : purpose === 'page'
            ? sortColumn
            : filters.category
              ? 'category'
              : 'priceFen';
    // The search's ids drive by construction; otherwise only the driver's column is left bare.
    const col = (name: string) => (this.postgres || driver === 'search' || driver === name ? `p."${name}"` : `+p."${name}"`);

    let from = `"product" p`;
    const where: string[] = [];
    if (terms.length > 0) {
      const grams = [...new Set(terms.flatMap((t) => t.grams))];
      const ids = grams
        .map((g) => `SELECT "productId" AS "id" FROM "product_search_gram" WHERE "gram" = ${params.add(g)}`)
        .join(' INTERSECT ');
      if (this.postgres) {
        where.push(`p."id" = ANY(ARRAY(${ids}))`);
      } else {
        from = `(${ids}) m CROSS JOIN "product" p`;
        where.push(`p."id" = m."id"`);
      }
    }
    where.push(`p."status" = 'published'`);
    if (filters.countyCode) where.push(`${col('countyId')} = (SELECT "id" FROM "county" WHERE "code" = ${params.add(filters.countyCode)})`);
    if (filters.category) where.push(`${col('category')} = ${params.add(filters.category)}`);
    if (filters.minPriceFen !== undefined) where.push(`${col('priceFen')} >= ${params.add(filters.minPriceFen)}`);
    if (filters.maxPriceFen !== undefined) where.push(`${col('priceFen')} <= ${params.add(filters.maxPriceFen)}`);
    for (const term of terms.filter((t) => !t.exact)) {
      // The grams narrowed the candidates down; the substring itself decides.
      const found = SEARCHED_COLUMNS.map((c) => `${this.position(`p."${c}"`, term.text, params.add(term.text))} > 0`);
      where.push(`(${found.join(' OR ')})`);
    }
    const direction = ORDER_BY[filters.sort][1];
    return { from, where: where.join(' AND '), orderBy: `${col(sortColumn)} ${direction}, p."id" ${direction}` };
  }

  /** ORDER BY for the sort, without hints; `id` breaks ties so that pages never overlap. */
  private sortKey(filters: CatalogueFilters): string {
    const [column, direction] = ORDER_BY[filters.sort];
    return `p."${column}" ${direction}, p."id" ${direction}`;
  }

  /**
   * Where the term occurs in the column (0 = nowhere), ASCII letters folded as the index folds
   * them. A term without ASCII letters (most Chinese searches) needs no folding, which saves
   * copying every candidate's text (a quarter of the time of a search that matches thousands).
   */
  private position(column: string, term: string, needle: string): string {
    if (!/[a-z]/.test(term)) return this.postgres ? `strpos(${column}, ${needle})` : `instr(${column}, ${needle})`;
    return this.postgres
      ? `strpos(translate(${column}, '${ASCII_UPPER}', '${ASCII_LOWER}'), ${needle})`
      : `instr(lower(${column}), ${needle})`;
  }

  private item(r: Row): CatalogueItem {
    return {
      id: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      category: String(r.category),
      spec: String(r.spec),
      unit: String(r.unit),
      priceFen: Number(r.priceFen),
      capacity: Number(r.capacity),
      minOrder: Number(r.minOrder),
      supplier: String(r.supplierName),
      origin: String(r.origin),
      imageUrl: r.imageKey ? `/images/${String(r.imageKey)}` : null,
      county: { code: String(r.countyCode), name: String(r.countyName) },
    };
  }
}
