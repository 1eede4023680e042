import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { CountiesService } from '../counties/counties.service';
import { ReturnProductDto } from './dto/return-product.dto';
import { PRODUCT_STATUS_LABELS, PRODUCT_STATUSES, type ProductStatus } from './product-options';
import { describePendingChanges } from './pending-changes';
import { ProductsService } from './products.service';

@Injectable()
export class ReviewFormLocals implements FormLocalsProvider {
  constructor(private readonly products: ProductsService) {}

  async formLocals(req: Request) {
    const product = await this.products.findManageableOrThrow(req.currentUser!, Number(req.params.id));
    return {
      title: `审核：${product.name}`,
      product,
      statusLabel: PRODUCT_STATUS_LABELS[product.status],
      pending: describePendingChanges(product),
    };
  }
}

/** The organiser reviews listings before they are public (扶贫产品 must be checked). */
@Controller('admin/products')
@Roles('organiser')
export class ReviewController {
  constructor(
    private readonly products: ProductsService,
    private readonly counties: CountiesService,
    private readonly reviewLocals: ReviewFormLocals,
  ) {}

  @Get()
  @Render('products/review-index')
  async index(@Query('status') statusParam?: string, @Query('county') countyParam?: string) {
    const status = PRODUCT_STATUSES.includes(statusParam as ProductStatus) ? (statusParam as ProductStatus) : undefined;
    const [queue, counties] = await Promise.all([this.products.listForReview(), this.counties.findAll()]);
    const county = counties.find((c) => c.code === countyParam);
    const all = status || county ? await this.products.listAll({ status, countyId: county?.id }) : [];
    return {
      title: '产品审核',
      queue: queue.map((p) => ({ ...p, statusLabel: p.status === 'published' ? '修改待审核' : PRODUCT_STATUS_LABELS[p.status] })),
      filtered: all.map((p) => ({ ...p, statusLabel: PRODUCT_STATUS_LABELS[p.status] })),
      statuses: PRODUCT_STATUSES.map((s) => ({ value: s, label: PRODUCT_STATUS_LABELS[s] })),
      counties,
      filters: { status: status ?? '', county: county?.code ?? '' },
      showFiltered: !!(status || county),
    };
  }

  @Get(':id')
  @Render('products/review-show')
  // @IdParam() answers a malformed id with 404 before the page's locals read req.params.id.
  show(@IdParam() _id: number, @Req() req: Request) {
    return this.reviewLocals.formLocals(req);
  }

  @Post(':id/approve')
  @Redirect('/admin/products', 303)
  async approve(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const product = await this.products.approve(user, id);
    flash(req, 'success', `已通过“${product.name}”，现已公开发布。`);
  }

  @Post(':id/return')
  @FormView('products/review-show', ReviewFormLocals)
  @Redirect('/admin/products', 303)
  async returnForChanges(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: ReturnProductDto, @Req() req: Request) {
    const product = await this.products.returnForChanges(user, id, dto.reason);
    flash(req, 'success', `已退回“${product.name}”，县区会看到退回原因。`);
  }
}
