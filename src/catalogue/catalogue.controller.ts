import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { IdParam } from '../common/id-param';
import { formatFen } from '../common/money';
import { pagination } from '../common/page-param';
import { PRODUCT_CATEGORIES, PRODUCT_STATUS_LABELS } from '../products/product-options';
import {
  CATALOGUE_SORT_LABELS,
  CATALOGUE_SORTS,
  catalogueQueryParams,
  HTML_PAGE_SIZE,
  normaliseCatalogueQuery,
  yuanParam,
} from './catalogue-filters';
import { CataloguePageCache } from './catalogue-page-cache';
import { CatalogueService, type CatalogueProduct } from './catalogue.service';

const LIST_VIEW = 'catalogue/products';

/** Visitors and buyers gather an intent list; county operators and the organiser do not buy. */
const mayAddToList = (viewer: SessionUser | undefined): boolean => !viewer || viewer.role === 'buyer';

/** The list page's own URL with its (normalised) filters and page. */
function listUrl(params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, page: page > 1 ? String(page) : undefined })) {
    if (value) search.set(key, value);
  }
  const query = search.toString();
  return query ? `/products?${query}` : '/products';
}

/** What a product page shared in WeChat shows: name and county, price and origin, its photo. */
function productShareCard(product: CatalogueProduct) {
  const about = product.description.replace(/\s+/g, ' ').slice(0, 60);
  const place = product.origin.startsWith(product.county.name) ? product.origin : `${product.county.name}${product.origin}`;
  return {
    shareTitle: `${product.name}｜${product.county.name}扶贫产品`,
    shareDescription: `${place}，${product.spec}，参考价 ${formatFen(product.priceFen)}/${product.unit}。${about}`,
    shareImage: product.imageUrl,
  };
}

/**
 * The public catalogue pages, open without logging in: the front page, the product list and
 * the product page. They work without JavaScript: the filters are a GET form, so every
 * result page has a URL that can be shared (WeChat) and reopened.
 */
@ApiExcludeController()
@Controller()
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly pages: CataloguePageCache,
  ) {}

  @Get()
  @Render('catalogue/home')
  async home() {
    const { counties, categories } = await this.catalogue.publishedCounts();
    return {
      title: '首页',
      counties,
      publishedTotal: counties.reduce((s, c) => s + c.publishedProducts, 0),
      categories: PRODUCT_CATEGORIES.map((name) => ({ name, count: categories.get(name) ?? 0 })),
    };
  }

  /**
   * Bad filter values in a shared link are ignored or corrected, never an error page. A visitor
   * without a session (not signed in, no intent list yet, so no flash message either) sees
   * what every other such visitor sees but for the CSRF token: that page is kept (see
   * CataloguePageCache), since a link shared in WeChat brings many of them to the same URL.
   */
  @Get('products')
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentUser() viewer: SessionUser | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (viewer || req.session?.startedAt) return res.render(LIST_VIEW, await this.listPage(query, viewer));
    const key = `${String(res.locals.siteOrigin)}${req.originalUrl}`;
    // Read before the page's data: a page is never kept under a newer version than its data.
    const version = await this.catalogue.version();
    const token = (res.locals.csrfToken as () => string)();
    const kept = this.pages.get(key, version, token);
    if (kept !== undefined) {
      res.type('html').send(kept);
      return;
    }
    const model = await this.listPage(query, undefined);
    res.locals.csrfToken = this.pages.tokenSlot;
    const html = await new Promise<string>((resolve, reject) =>
      res.render(LIST_VIEW, model, (err: Error | null, rendered: string) => (err ? reject(err) : resolve(rendered))),
    );
    res.type('html').send(this.pages.keep(key, version, html, token));
  }

  private async listPage(query: Record<string, unknown>, viewer: SessionUser | undefined) {
    const { filters, page } = normaliseCatalogueQuery(query);
    const counties = await this.catalogue.countyOptions(filters.countyCode);
    const county = counties.find((c) => c.code === filters.countyCode);
    if (!county) filters.countyCode = undefined;
    const result = await this.catalogue.search(filters, page, HTML_PAGE_SIZE, { clampPage: true });
    const title = filters.q ? `搜索“${filters.q}”` : county ? `${county.name}产品` : (filters.category ?? '产品目录');
    return {
      title,
      shareDescription: `${title}：共 ${result.total} 个扶贫产品，可在线登记采购意向，以购代帮、以买代捐。`,
      items: result.items,
      // `selected` worked out here: a helper call per <option> was half the render time with 100 counties.
      counties: counties.map((c) => ({ code: c.code, name: c.name, selected: c.code === filters.countyCode })),
      categories: PRODUCT_CATEGORIES.map((name) => ({ name, selected: name === filters.category })),
      sorts: CATALOGUE_SORTS.map((value) => ({ value, label: CATALOGUE_SORT_LABELS[value], selected: value === filters.sort })),
      form: {
        q: filters.q ?? '',
        minPrice: yuanParam(filters.minPriceFen) ?? '',
        maxPrice: yuanParam(filters.maxPriceFen) ?? '',
      },
      filtered: Boolean(
        filters.q || filters.countyCode || filters.category || filters.minPriceFen !== undefined || filters.maxPriceFen !== undefined,
      ),
      // The pagination partial builds its links from `filters`: they keep every filter.
      filters: catalogueQueryParams(filters),
      pager: pagination(result.page, result.total, HTML_PAGE_SIZE),
      canAddToList: mayAddToList(viewer),
      // "加入意向清单" brings the buyer back to this very list (filters and page kept).
      returnTo: listUrl(catalogueQueryParams(filters), result.page),
    };
  }

  /** Published products for everyone; a draft or withdrawn one only for its county and the organiser. */
  @Get('products/:id')
  @Render('catalogue/product')
  async show(@IdParam() id: number, @CurrentUser() viewer: SessionUser | undefined) {
    const product = await this.catalogue.findForViewerOrThrow(id, viewer);
    return {
      title: product.name,
      ...productShareCard(product),
      product,
      preview: product.status !== 'published',
      statusLabel: PRODUCT_STATUS_LABELS[product.status],
      canAddToList: product.status === 'published' && mayAddToList(viewer),
    };
  }
}
