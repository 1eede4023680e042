import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { CsrfTokenInUrl } from '../auth/csrf';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { confirmFirst } from '../common/confirmation';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { pagination, parsePage } from '../common/page-param';
import { trimText } from '../common/validation';
import { CountiesService } from '../counties/counties.service';
import { FairListingsService } from '../fairs/fair-listings.service';
import { FairsService } from '../fairs/fairs.service';
import { ProductInputDto, productValuesFrom } from './dto/product-input.dto';
import { ImageUploadInterceptor } from './image-upload.interceptor';
import { ProductImages } from './product-images';
import { PRODUCT_CATEGORIES, PRODUCT_STATUS_LABELS, PRODUCT_STATUSES, PRODUCT_UNITS, type ProductStatus } from './product-options';
import {
  describePendingChanges,
  productFormValues,
  publicValuesOfPending,
  REVIEWED_FIELD_LABELS,
  REVIEWED_FIELDS,
} from './pending-changes';
import { ProductListsService } from './product-lists.service';
import { ProductsService } from './products.service';
import { PRODUCT_TEXT_LIMITS } from './product-limits';

const COUNTY_PAGE_SIZE = 50;

/** The county's list with these filters (empty ones left out of the URL). */
function countyListHref(params: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return search ? `/county?${search}` : '/county';
}

/** What the product form needs besides the typed values; also used to re-render it on errors. */
@Injectable()
export class ProductFormLocals implements FormLocalsProvider {
  constructor(private readonly products: ProductsService) {}

  async formLocals(req: Request) {
    const id = Number(req.params.id);
    const product = id && req.currentUser ? await this.products.findManageableOrThrow(req.currentUser, id) : null;
    return {
      title: product ? `修改产品：${product.name}` : '新增产品',
      product,
      categories: PRODUCT_CATEGORIES,
      units: PRODUCT_UNITS,
      limits: PRODUCT_TEXT_LIMITS,
      reviewedLabels: REVIEWED_FIELDS.map((f) => REVIEWED_FIELD_LABELS[f]).join('、'),
      // Inputs showing a value that waits for review, with what the public sees meanwhile.
      pendingPublic: product ? publicValuesOfPending(product) : {},
    };
  }
}

/** The product's page with its actions; also shows it again when an action is refused. */
@Injectable()
export class ProductPageLocals implements FormLocalsProvider {
  constructor(private readonly products: ProductsService) {}

  async formLocals(req: Request) {
    const product = await this.products.findManageableOrThrow(req.currentUser!, Number(req.params.id));
    return {
      title: product.name,
      product,
      statusLabel: PRODUCT_STATUS_LABELS[product.status],
      pending: describePendingChanges(product),
      ...(await this.products.actionsFor(product)),
    };
  }
}

/** A county operator's own products: list, add, edit, submit for review, withdraw, delete. */
@Controller('county')
@Roles('county')
export class CountyProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
    private readonly listings: FairListingsService,
    private readonly images: ProductImages,
    private readonly formLocals: ProductFormLocals,
    private readonly pageLocals: ProductPageLocals,
    private readonly lists: ProductListsService,
  ) {}

  @Get()
  @Render('products/index')
  async index(@CurrentUser() user: SessionUser, @Query() query: Record<string, unknown>) {
    const countyId = user.countyId!;
    const statusParam = typeof query.status === 'string' ? query.status : '';
    const status = PRODUCT_STATUSES.includes(statusParam as ProductStatus) ? (statusParam as ProductStatus) : undefined;
    const q = typeof query.q === 'string' ? trimText(query.q).slice(0, 50) : '';
    const page = parsePage(query.page);
    const fair = await this.fairs.current();
    const [list, counts, readiness] = await Promise.all([
      this.lists.pageForCounty(countyId, { status, q: q || undefined }, page, COUNTY_PAGE_SIZE),
      this.lists.countByStatus(countyId),
      this.counties.readiness(fair.id),
    ]);
    const listed = await this.listings.listedAmong(
      fair.id,
      list.items.map((p) => p.id),
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // Each tab keeps the search and starts at page 1.
    const tab = (value: string, label: string, count: number) => ({
      label,
      count,
      active: value === (status ?? ''),
      href: countyListHref({ status: value, q }),
    });
    return {
      title: `${user.countyName}产品`,
      products: list.items.map((p) => ({
        ...p,
        statusLabel: PRODUCT_STATUS_LABELS[p.status],
        // 参展 in the current fair: a withdrawn product keeps its listing row but is not on show.
        listed: p.status === 'published' && listed.has(p.id),
      })),
      readiness: readiness.find((r) => r.id === countyId),
      pendingReview: counts.submitted ?? 0,
      tabs: [tab('', '全部', total), ...PRODUCT_STATUSES.map((s) => tab(s, PRODUCT_STATUS_LABELS[s], counts[s] ?? 0))],
      filtered: Boolean(status || q),
      hasProducts: total > 0,
      // The pagination partial builds its links from `filters`: they keep the status and the search.
      filters: { status: status ?? '', q },
      pager: pagination(page, list.total, COUNTY_PAGE_SIZE),
    };
  }

  @Get('products/new')
  @Render('products/form')
  async newForm(@Req() req: Request) {
    return { ...(await this.formLocals.formLocals(req)), values: { minOrder: '1' } };
  }

  @Post('products')
  @CsrfTokenInUrl()
  @UseInterceptors(ImageUploadInterceptor)
  @FormView('products/form', ProductFormLocals)
  @Redirect('/county', 303)
  async create(
    @CurrentUser() user: SessionUser,
    @Body() dto: ProductInputDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
  ) {
    const imageKey = file ? await this.storeImage(file) : null;
    const product = await this.withImageCleanup(imageKey, () =>
      this.products.create(user, user.countyId!, productValuesFrom(dto), imageKey),
    );
    flash(req, 'success', `已保存草稿“${product.name}”。核对无误后请点“提交审核”。`);
    return { url: `/county/products/${product.id}` };
  }

  @Get('products/:id')
  @Render('products/show')
  // @IdParam() answers a malformed id with 404 before the page's locals read req.params.id.
  show(@IdParam() _id: number, @Req() req: Request) {
    return this.pageLocals.formLocals(req);
  }

  @Get('products/:id/edit')
  @Render('products/form')
  // @IdParam() answers a malformed id with 404 before the form's locals read req.params.id.
  async editForm(@IdParam() _id: number, @Req() req: Request) {
    const locals = await this.formLocals.formLocals(req);
    return { ...locals, values: productFormValues(locals.product!) };
  }

  @Post('products/:id')
  @CsrfTokenInUrl()
  @UseInterceptors(ImageUploadInterceptor)
  @FormView('products/form', ProductFormLocals)
  @Redirect('/county', 303)
  async update(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @Body() dto: ProductInputDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: Request,
  ) {
    const current = await this.products.findManageableOrThrow(user, id);
    const removeImage = (req.body as Record<string, unknown>).removeImage === 'on';
    const imageKey = file ? await this.storeImage(file) : removeImage ? null : undefined;
    const product = await this.withImageCleanup(imageKey ?? null, () => this.products.update(user, id, productValuesFrom(dto), imageKey));
    if (imageKey !== undefined && current.imageKey) await this.images.remove(current.imageKey);
    const pending = describePendingChanges(product).map((c) => c.label);
    flash(
      req,
      'success',
      pending.length > 0
        ? `已保存。${pending.join('、')}的修改需经组织方审核，审核通过前公开页面仍显示原值；其他修改已生效。`
        : '已保存修改。',
    );
    return { url: `/county/products/${id}` };
  }

  @Post('products/:id/submit')
  @FormView('products/show', ProductPageLocals)
  @Redirect('/county', 303)
  async submit(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const product = await this.products.submit(user, id);
    flash(req, 'success', `“${product.name}”已提交审核，组织方审核通过后将公开发布。`);
    return { url: `/county/products/${id}` };
  }

  @Post('products/:id/withdraw')
  @FormView('products/show', ProductPageLocals)
  @Redirect('/county', 303)
  async withdraw(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const product = await this.products.findManageableOrThrow(user, id);
      return {
        title: `下架“${product.name}”？`,
        consequences: [
          '下架后该产品不再在产品目录中公开展示，采购单位不能再把它加入意向。',
          '已有的采购意向保留。需要重新上架时，请再次提交审核。',
        ],
        confirmLabel: '确认下架',
        back: `/county/products/${id}`,
      };
    });
    const product = await this.products.withdraw(user, id);
    flash(req, 'success', `“${product.name}”已下架，不再公开展示；已有的采购意向保留。`);
    return { url: `/county/products/${id}` };
  }

  @Post('products/:id/delete')
  @FormView('products/show', ProductPageLocals)
  @Redirect('/county', 303)
  async remove(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const product = await this.products.findManageableOrThrow(user, id);
      return {
        title: `删除“${product.name}”？`,
        consequences: [`产品编号 ${product.code} 的全部信息${product.imageKey ? '和图片' : ''}将被删除，不能恢复。`],
        confirmLabel: '确认删除',
        back: `/county/products/${id}`,
      };
    });
    const product = await this.products.remove(user, id);
    if (product.imageKey) await this.images.remove(product.imageKey);
    flash(req, 'success', `已删除“${product.name}”。`);
  }

  /** Removes a just-stored image when saving the product fails, so no orphan file stays behind. */
  private async withImageCleanup<T>(imageKey: string | null, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (err) {
      if (imageKey) await this.images.remove(imageKey);
      throw err;
    }
  }

  /** Re-encodes and stores the upload; what is not a usable image comes back beside the field. */
  private storeImage(file: Express.Multer.File): Promise<string> {
    return this.images.store(file.buffer);
  }
}
