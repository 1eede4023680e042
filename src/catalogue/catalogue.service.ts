/**
 * The catalogue read model: the public catalogue's pages and API read published products and
 * their counties here, read-only and in SQL, rather than through ProductsService (which owns
 * every change to a product). It is the project's one read model: any other feature asks the
 * owning feature's service, and only this file and the seeder inject the DataSource
 * (src/architecture.spec.ts checks both).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { CountiesService, type CountyReadiness } from '../counties/counties.service';
import { FairsService } from '../fairs/fairs.service';
import { imageUrlsOf } from '../products/product-images';
import type { ProductStatus } from '../products/product-options';
import type { CatalogueFilters } from './catalogue-filters';
import { parseSearch } from './catalogue-search';
import { ITEM_COLUMNS, Params, searchSource, sortKey, type Row } from './catalogue-sql';

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
  thumbnailUrl: string | null;
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

const COUNTY_CACHE_MS = 60_000;
const COUNTS_CACHE_MS = 10_000;

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
  private countsKept?: { counts: PublishedCounts; fairId: number; until: number };
  private listed?: { fairId: number; version: string; byCategory: Map<string, number> };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly countiesService: CountiesService,
    private readonly fairs: FairsService,
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
  async publishedCounts(fairId?: number): Promise<PublishedCounts> {
    const fair = fairId ?? (await this.currentFairId());
    const kept = this.countsKept;
    if (kept && kept.fairId === fair && kept.until > Date.now()) return kept.counts;
    const [counties, categories] = await Promise.all([this.countiesService.readiness(fair), this.listedByCategory(fair)]);
    const counts = { counties, categories };
    this.countsKept = { counts, fairId: fair, until: Date.now() + COUNTS_CACHE_MS };
    return counts;
  }

  /**
   * The catalogue's version: database triggers raise it with every committed change to
   * products, fair listings, fairs and counties (migration CatalogueVersion), on every instance.
   */
  async version(): Promise<string> {
    const rows: Row[] = await this.db.query(`SELECT "version" FROM "catalogue_version" WHERE "id" = 1`);
    return String(rows[0]?.version ?? '');
  }

  /** The current fair's id, as the layout reads it (kept a few seconds per instance). */
  private async currentFairId(): Promise<number> {
    return (await this.fairs.forLayout()).id;
  }

  /** One page of the fair's listed products matching the filters (the current fair by default), and how many match in all. */
  async search(
    filters: CatalogueFilters,
    page: number,
    pageSize: number,
    options: { clampPage?: boolean; fairId?: number } = {},
  ): Promise<CataloguePage> {
    const fairId = options.fairId ?? (await this.currentFairId());
    const clamp = (total: number) => (options.clampPage ? Math.min(page, Math.max(1, Math.ceil(total / pageSize))) : page);

    if (parseSearch(filters.q).length > 0) {
      // A search's candidates come from the n-gram index and each has to be read to be
      // filtered: read them once, as sorted ids, rather than once to count and again to sort
      // (at 20,000 products 0.28 instead of 0.40 ms for the benchmark's 酥梨 search, 13 instead
      // of 16 ms for 合作社, which half the catalogue contains).
      const params = new Params(this.db);
      const { from, where, orderBy } = searchSource(filters, fairId, params, 'page', this.postgres);
      const matches: Row[] = await this.db.query(`SELECT p."id" FROM ${from} WHERE ${where} ORDER BY ${orderBy}`, params.values);
      const shown = clamp(matches.length);
      const ids = matches.slice((shown - 1) * pageSize, shown * pageSize).map((r) => Number(r.id));
      return { items: await this.itemsByIds(ids, filters), total: matches.length, page: shown, pageSize };
    }

    // Without a search, an index answers the count and another gives the page in order; the
    // page's ids are chosen first and only their rows read (sorting narrow rows, not products).
    const total =
      filters.countyCode || filters.minPriceFen !== undefined || filters.maxPriceFen !== undefined
        ? await this.count(filters, fairId)
        : await this.listedByCategory(fairId).then((counts) =>
            filters.category ? (counts.get(filters.category) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0),
          );
    const shown = clamp(total);
    if (total === 0 || (shown - 1) * pageSize >= total) return { items: [], total, page: shown, pageSize };
    const params = new Params(this.db);
    const { from, where, orderBy } = searchSource(filters, fairId, params, 'page', this.postgres);
    const limit = params.add(pageSize);
    const offset = params.add((shown - 1) * pageSize);
    const rows: Row[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS}
       FROM (SELECT p."id" FROM ${from} WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}) k
       CROSS JOIN "product" p CROSS JOIN "county" c
       WHERE p."id" = k."id" AND c."id" = p."countyId"
       ORDER BY ${sortKey(filters)}`,
      params.values,
    );
    return { items: rows.map((r) => this.item(r)), total, page: shown, pageSize };
  }

  private async count(filters: CatalogueFilters, fairId: number): Promise<number> {
    const params = new Params(this.db);
    const counted = searchSource(filters, fairId, params, 'count', this.postgres);
    const rows: Row[] = await this.db.query(`SELECT COUNT(*) AS "n" FROM ${counted.from} WHERE ${counted.where}`, params.values);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * How many products the fair lists, per category: the count of the plain list page (and of
   * a category's, and the front page's), which has to visit every listed product (100,000
   * probes of the listing at 100,000 products: tens of ms). Counted in one pass and kept until
   * the catalogue's version changes, so it is never out of date.
   */
  private async listedByCategory(fairId: number): Promise<Map<string, number>> {
    const version = await this.version(); // before the count: a kept count is never older than its version
    const kept = this.listed;
    if (kept && kept.fairId === fairId && kept.version === version) return kept.byCategory;
    const params = new Params(this.db);
    const rows: Row[] = await this.db.query(
      `SELECT p."category", COUNT(*) AS "n" FROM "product" p JOIN "fair_listing" fl ON fl."productId" = p."id"
       WHERE p."status" = 'published' AND fl."fairId" = ${params.add(fairId)} GROUP BY p."category"`,
      params.values,
    );
    const byCategory = new Map(rows.map((r) => [String(r.category), Number(r.n)]));
    this.listed = { fairId, version, byCategory };
    return byCategory;
  }

  /** The listed fields of these products, in the sort order. */
  private async itemsByIds(ids: number[], filters: CatalogueFilters): Promise<CatalogueItem[]> {
    if (ids.length === 0) return [];
    const params = new Params(this.db);
    const rows: Row[] = await this.db.query(
      `SELECT ${ITEM_COLUMNS} FROM "product" p JOIN "county" c ON c."id" = p."countyId"
       WHERE p."id" IN (${ids.map((id) => params.add(id)).join(', ')}) ORDER BY ${sortKey(filters)}`,
      params.values,
    );
    return rows.map((r) => this.item(r));
  }

  /** A published product as the API lists it, or 404 (drafts, submissions and withdrawn listings are not public). */
  async findPublishedItemOrThrow(id: number): Promise<CatalogueItem> {
    const product = await this.findProduct(id);
    if (!product || product.status !== 'published') throw AppError.notFound('产品');
    // Exactly the list's fields, in the list's order (the product page's own fields left out).
    const {
      countyId: _countyId,
      description: _description,
      certificateNo: _certificate,
      povertyHouseholds: _households,
      status: _status,
      ...item
    } = product;
    return item;
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
      ...imageUrlsOf(r.imageKey ? String(r.imageKey) : null),
      county: { code: String(r.countyCode), name: String(r.countyName) },
    };
  }
}
