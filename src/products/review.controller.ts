import { Body, Controller, Get, Injectable, Post, Redirect, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { confirmFirst, resentFields } from '../common/confirmation';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { pagination, parsePage } from '../common/page-param';
import { CountiesService } from '../counties/counties.service';
import { bulkIds, BulkReviewDto } from './dto/bulk-review.dto';
import { ReturnProductDto } from './dto/return-product.dto';
import { PRODUCT_STATUS_LABELS, PRODUCT_STATUSES, type ProductStatus } from './product-options';
import { describePendingChanges } from './pending-changes';
import { ProductReviewService } from './product-review.service';
import type { Product } from './product.entity';
import { ProductsService } from './products.service';

/** Products on one page of the review queue: half the bulk limit, so "select all on this page" always fits. */
const QUEUE_PAGE_SIZE = 100;

const queueStatusLabel = (p: Product) => (p.status === 'published' ? '修改待审核' : PRODUCT_STATUS_LABELS[p.status]);
const asText = (v: unknown) => (typeof v === 'string' ? v : '');

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

/**
 * The review page: the queue with its bulk form, and the organiser's list of all products by
 * county and status. Also re-renders it when a bulk decision is refused, with the boxes the
 * organiser ticked still ticked. `?select=all` ticks every box on the page (no script needed).
 */
@Injectable()
export class ReviewQueueLocals implements FormLocalsProvider {
  constructor(
    private readonly products: ProductsService,
    private readonly review: ProductReviewService,
    private readonly counties: CountiesService,
  ) {}

  async formLocals(req: Request) {
    const query = req.query as Record<string, unknown>;
    const statusParam = asText(query.status);
    const status = PRODUCT_STATUSES.includes(statusParam as ProductStatus) ? (statusParam as ProductStatus) : undefined;
    const page = parsePage(query.page);
    const [queue, counties] = await Promise.all([this.review.listForReview(page, QUEUE_PAGE_SIZE), this.counties.findAll()]);
    const county = counties.find((c) => c.code === asText(query.county));
    const all = status || county ? await this.products.listAll({ status, countyId: county?.id }) : [];
    const ticked = (req.body as Record<string, unknown> | undefined)?.ids;
    const selected =
      query.select === 'all' ? queue.items.map((p) => String(p.id)) : ticked === undefined ? [] : [ticked].flat().map(String);
    return {
      title: '产品审核',
      queue: queue.items.map((p) => ({ ...p, statusLabel: queueStatusLabel(p), selected: selected.includes(String(p.id)) })),
      queueTotal: queue.total,
      pager: pagination(page, queue.total, QUEUE_PAGE_SIZE),
      allSelected: query.select === 'all',
      filtered: all.map((p) => ({ ...p, statusLabel: PRODUCT_STATUS_LABELS[p.status] })),
      statuses: PRODUCT_STATUSES.map((s) => ({ value: s, label: PRODUCT_STATUS_LABELS[s] })),
      counties,
      filters: { status: status ?? '', county: county?.code ?? '' },
      showFiltered: !!(status || county),
    };
  }
}

/** The organiser reviews listings before they are public (扶贫产品 must be checked), one by one or many at once. */
@Controller('admin/products')
@Roles('organiser')
export class ReviewController {
  constructor(
    private readonly review: ProductReviewService,
    private readonly products: ProductsService,
    private readonly reviewLocals: ReviewFormLocals,
    private readonly queueLocals: ReviewQueueLocals,
  ) {}

  @Get()
  @Render('products/review-index')
  index(@Req() req: Request) {
    return this.queueLocals.formLocals(req);
  }

  /**
   * Approves the ticked products, or returns them with one reason after a confirmation page
   * (returning is destructive: it takes the products off the queue). Either all or none.
   */
  @Post('bulk')
  @FormView('products/review-index', ReviewQueueLocals)
  async bulk(@CurrentUser() user: SessionUser, @Body() dto: BulkReviewDto, @Req() req: Request, @Res() res: Response) {
    const ids = bulkIds(dto);
    if (dto.decision === 'return' && dto.confirmed !== '1') {
      const products = await this.review.checkBulk(ids);
      return res.status(200).render('products/review-bulk-confirm', {
        title: `确认退回 ${products.length} 项`,
        products: products.map((p) => ({ ...p, statusLabel: queueStatusLabel(p) })),
        reason: dto.reason,
        fields: resentFields(req.body),
      });
    }
    const decision = dto.decision === 'approve' ? { approve: true as const } : { approve: false as const, reason: dto.reason! };
    const done = await this.review.decideMany(user, ids, decision);
    flash(req, 'success', decision.approve ? `已通过 ${done.length} 项，现已公开发布。` : `已退回 ${done.length} 项，县区会看到退回原因。`);
    res.redirect(303, '/admin/products');
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
    const product = await this.review.decide(user, id, { approve: true });
    flash(req, 'success', `已通过“${product.name}”，现已公开发布。`);
  }

  @Post(':id/return')
  @FormView('products/review-show', ReviewFormLocals)
  @Redirect('/admin/products', 303)
  async returnForChanges(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: ReturnProductDto, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const product = await this.products.findManageableOrThrow(user, id);
      return {
        title: `退回“${product.name}”？`,
        consequences: [
          product.status === 'published'
            ? '该产品待审核的修改将被驳回，公开页面继续显示原值。'
            : '该产品将变为“已退回”，不公开发布，县区修改后可再次提交审核。',
          `${product.county?.name ?? '县区'}会看到退回原因：${dto.reason}`,
        ],
        confirmLabel: '确认退回',
        back: `/admin/products/${id}`,
      };
    });
    const product = await this.review.decide(user, id, { approve: false, reason: dto.reason });
    flash(req, 'success', `已退回“${product.name}”，县区会看到退回原因。`);
  }
}
