import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam, ParseIdPipe, parseRecordId } from '../common/id-param';
import { PublicDonationsService } from '../donations/public/public-donations.service';
import type { PublicDonation } from '../donations/public/public-records';
import { PublicProjectsService } from '../donations/public/public-projects.service';
import type { Product } from '../products/product.entity';
import { ProductsService } from '../products/products.service';
import { CreateObjectionDto } from './dto/create-objection.dto';
import { OBJECTION_TEXT_LIMITS, OBJECTION_TEXT_MIN_LENGTH } from './objection-limits';
import { FIGURE_SUBJECTS } from './objection-status';
import { ObjectionsService, VISITOR_ACTOR } from './objections.service';

/** What an objection form is about: at most one of a product, a project, a donation. */
interface ObjectionObject {
  product?: Product | null;
  project?: { id: number; title: string; county: { name: string } } | null;
  donation?: PublicDonation | null;
}

/** What the objection form shows besides the typed values: the product, project or donation it is about, if any. */
@Injectable()
export class ObjectionFormLocals implements FormLocalsProvider {
  constructor(
    private readonly products: ProductsService,
    private readonly projects: PublicProjectsService,
    private readonly donations: PublicDonationsService,
  ) {}

  /** Re-rendering after a validation error: what the hidden field names, if still public. */
  async formLocals(req: Request) {
    const body = req.body as Record<string, unknown> | undefined;
    const [productId, projectId, donationId] = [body?.productId, body?.projectId, body?.donationReceiptId].map(parseRecordId);
    return this.page({
      product: productId ? await this.products.findPublishedOrThrow(productId).catch(() => null) : null,
      project: projectId ? await this.projects.findOrThrow(projectId).catch(() => null) : null,
      donation: donationId ? await this.donations.findOrThrow(donationId).catch(() => null) : null,
    });
  }

  page({ product, project, donation }: ObjectionObject) {
    return {
      title: product
        ? `对“${product.name}”提出异议`
        : project
          ? `对“${project.title}”提出异议`
          : donation
            ? `对捐赠记录 ${donation.receiptNo} 提出异议`
            : '对公示数据提出异议',
      product: product
        ? { id: product.id, name: product.name, countyName: product.county?.name ?? '', supplier: product.supplierName }
        : null,
      project: project ? { id: project.id, title: project.title, countyName: project.county.name } : null,
      // Only what 捐赠公示 itself shows (匿名 where chosen).
      donation: donation
        ? {
            id: donation.id,
            receiptNo: donation.receiptNo,
            donor: donation.donor,
            amountFen: donation.amountFen,
            purpose: donation.purpose,
          }
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
    private readonly projects: PublicProjectsService,
    private readonly donations: PublicDonationsService,
    private readonly locals: ObjectionFormLocals,
  ) {}

  /**
   * ?product=ID, ?project=ID or ?donation=ID (a receipt's id): about that published product,
   * public project or received donation (404 otherwise); none: about a published figure.
   */
  @Get('new')
  @Render('objections/new')
  async form(@Query() query: Record<string, unknown>) {
    const id = (param: unknown, what: string) => {
      if (typeof param !== 'string') throw AppError.notFound(what);
      return new ParseIdPipe().transform(param);
    };
    const product = query.product !== undefined ? await this.products.findPublishedOrThrow(id(query.product, '产品')) : null;
    const project = query.project !== undefined ? await this.projects.findOrThrow(id(query.project, '该项目')) : null;
    const donation = query.donation !== undefined ? await this.donations.findOrThrow(id(query.donation, '该捐赠记录')) : null;
    const prefill = typeof query.subject === 'string' ? query.subject.trim().slice(0, 200) : '';
    return {
      ...this.locals.page({ product, project, donation }),
      values: { productId: product?.id ?? '', projectId: project?.id ?? '', donationReceiptId: donation?.id ?? '', subject: prefill },
    };
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
