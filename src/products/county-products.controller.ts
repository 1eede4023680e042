import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { IdParam } from '../common/id-param';
import { CountiesService } from '../counties/counties.service';
import { PRODUCT_STATUS_LABELS } from './product-options';
import { ProductsService } from './products.service';

/** A county operator's own products and readiness. */
@Controller('county')
@Roles('county')
export class CountyProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly counties: CountiesService,
  ) {}

  @Get()
  @Render('county/index')
  async index(@CurrentUser() user: SessionUser) {
    const countyId = user.countyId!;
    const [products, readiness] = await Promise.all([this.products.listForCounty(countyId), this.counties.readiness()]);
    return {
      title: `${user.countyName}产品`,
      products: products.map((p) => ({ ...p, statusLabel: PRODUCT_STATUS_LABELS[p.status] })),
      readiness: readiness.find((r) => r.id === countyId),
    };
  }

  @Get('products/:id')
  @Render('county/product')
  async show(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    const product = await this.products.findManageableOrThrow(user, id);
    return { title: product.name, product, statusLabel: PRODUCT_STATUS_LABELS[product.status] };
  }
}
