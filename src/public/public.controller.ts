import { Controller, Get, Query, Render } from '@nestjs/common';
import { CountiesService } from '../counties/counties.service';
import { IdParam } from '../common/id-param';
import { pagination, parsePage } from '../common/page-param';
import { PRODUCT_CATEGORIES } from '../products/product-options';
import { ProductsService, PUBLIC_PAGE_SIZE } from '../products/products.service';

/** Pages anyone can open without logging in: the front page and the catalogue. */
@Controller()
export class PublicController {
  constructor(
    private readonly counties: CountiesService,
    private readonly products: ProductsService,
  ) {}

  @Get()
  @Render('public/home')
  async home() {
    const counties = await this.counties.readiness();
    const publishedTotal = counties.reduce((s, c) => s + c.publishedProducts, 0);
    return { title: '首页', counties, publishedTotal, categories: PRODUCT_CATEGORIES };
  }

  @Get('products')
  @Render('public/products')
  async list(@Query('page') pageParam?: string, @Query('county') countyParam?: string) {
    const page = parsePage(pageParam);
    const counties = await this.counties.findAll();
    const county = counties.find((c) => c.code === countyParam);
    const { items, total } = await this.products.listPublished(page, county?.id);
    return {
      title: county ? `${county.name}产品` : '产品目录',
      items,
      counties,
      filters: { county: county?.code ?? '' },
      pager: pagination(page, total, PUBLIC_PAGE_SIZE),
    };
  }

  @Get('products/:id')
  @Render('public/product')
  async show(@IdParam() id: number) {
    const product = await this.products.findPublishedOrThrow(id);
    return { title: product.name, product };
  }
}
