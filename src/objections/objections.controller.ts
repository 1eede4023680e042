import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam, ParseIdPipe, parseRecordId } from '../common/id-param';
import type { Product } from '../products/product.entity';
import { ProductsService } from '../products/products.service';
import { CreateObjectionDto } from './dto/create-objection.dto';
import { OBJECTION_TEXT_LIMITS, OBJECTION_TEXT_MIN_LENGTH } from './objection-limits';
import { FIGURE_SUBJECTS } from './objection-status';
import { ObjectionsService, VISITOR_ACTOR } from './objections.service';

/** What the objection form shows besides the typed values: the product it is about, if any. */
@Injectable()
export class ObjectionFormLocals implements FormLocalsProvider {
  constructor(private readonly products: ProductsService) {}

  /** Re-rendering after a validation error: the product named by the hidden field, if still published. */
  async formLocals(req: Request) {
    const id = parseRecordId((req.body as Record<string, unknown> | undefined)?.productId);
    const product = id ? await this.products.findPublishedOrThrow(id).catch(() => null) : null;
    return this.page(product);
  }

  page(product: Product | null) {
    return {
      title: product ? `对“${product.name}”提出异议` : '对公示数据提出异议',
      product: product
        ? { id: product.id, name: product.name, countyName: product.county?.name ?? '', supplier: product.supplierName }
        : null,
      subjects: FIGURE_SUBJECTS,
      limits: OBJECTION_TEXT_LIMITS,
      textMin: OBJECTION_TEXT_MIN_LENGTH,
    };
  }
}

/**
 * 提出异议 (接受社会监督), open to everyone without logging in. The form writes no session:
 * a visitor's CSRF token is bound to its cookie, and the thank-you page is reached by a
 * redirect to a URL carrying the reference number, not by a flash message.
 */
@Controller('objections')
export class ObjectionsController {
  constructor(
    private readonly objections: ObjectionsService,
    private readonly products: ProductsService,
    private readonly locals: ObjectionFormLocals,
  ) {}

  /** ?product=ID: about that published product (404 otherwise); no product: about a published figure. */
  @Get('new')
  @Render('objections/new')
  async form(@Query('product') productParam?: string, @Query('subject') subject?: string) {
    let product: Product | null = null;
    if (productParam !== undefined) {
      if (typeof productParam !== 'string') throw AppError.notFound('产品');
      product = await this.products.findPublishedOrThrow(new ParseIdPipe().transform(productParam));
    }
    const prefill = typeof subject === 'string' ? subject.trim().slice(0, 200) : '';
    return { ...this.locals.page(product), values: { productId: product?.id ?? '', subject: prefill } };
  }

  /**
   * Throttled per client address: 10 submissions in 10 minutes (refused ones count too). A
   * school or an office behind one address rarely raises more; a flood is cut off.
   */
  @Post('new')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 10 * 60_000 } })
  @FormView('objections/new', ObjectionFormLocals)
  @Redirect('/gongshi', 303)
  async create(@Body() dto: CreateObjectionDto, @Req() req: Request): Promise<{ url: string }> {
    const objection = await this.objections.create(req.currentUser ?? VISITOR_ACTOR, dto);
    return { url: `/objections/${objection.id}/thanks` };
  }

  /** Shows the reference number only: the objection's text and contact are never public. */
  @Get(':id/thanks')
  @Render('objections/thanks')
  async thanks(@IdParam() id: number) {
    await this.objections.existsOrThrow(id);
    return { title: '异议已收到', referenceNo: id };
  }
}
