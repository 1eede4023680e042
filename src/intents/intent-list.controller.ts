import { Body, Controller, Get, Post, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { safeNextPath } from '../auth/home-path';
import { AppError } from '../common/app-error';
import { flash } from '../common/flash';
import { FormView } from '../common/form-view';
import { indexedFields } from '../common/indexed-fields';
import { IdParam, parseRecordId } from '../common/id-param';
import { SubmitIntentDto } from './dto/submit-intent.dto';
import { IntentListLocals, IntentSubmitLocals, listOwner, listOwnerForWrite } from './intent-list.locals';
import { IntentListService } from './intent-list.service';
import { ListWriteThrottle } from './intent-list.throttle';
import { IntentSubmissionService } from './intent-submission.service';
import { UserThrottlerGuard } from './user-throttler.guard';

/** 意向清单: gather products (signed in or not), then submit them as one purchase intent. */
@Controller('intent-list')
export class IntentListController {
  constructor(
    private readonly list: IntentListService,
    private readonly submission: IntentSubmissionService,
    private readonly locals: IntentListLocals,
    private readonly submitLocals: IntentSubmitLocals,
  ) {}

  @Get()
  @Render('intents/list')
  async show(@Req() req: Request) {
    return this.locals.formLocals(req);
  }

  /** "加入意向清单" from the catalogue: productId and an optional quantity (default: the minimum order). */
  @Post('items')
  @ListWriteThrottle()
  @Redirect('/intent-list', 303)
  async add(@Req() req: Request, @Body() body: Record<string, unknown>) {
    const productId = parseRecordId(body.productId);
    if (productId === null) throw AppError.notFound('产品');
    const { product, quantity } = await this.list.put(await listOwnerForWrite(req), productId, body.quantity);
    flash(req, 'success', `已加入意向清单：${product.name} ${quantity} ${product.unit}`);
    const back = safeNextPath(body.returnTo);
    return back ? { url: back } : undefined;
  }

  @Post('update')
  @ListWriteThrottle()
  @FormView('intents/list', IntentListLocals)
  @Redirect('/intent-list', 303)
  async update(@Req() req: Request, @Body() body: Record<string, unknown>) {
    const owner = listOwner(req);
    if (owner) await this.list.setQuantities(owner, indexedFields(body, 'qty'));
    flash(req, 'success', '数量已更新');
  }

  @Post('items/:id/remove')
  @ListWriteThrottle()
  @Redirect('/intent-list', 303)
  async remove(@Req() req: Request, @IdParam() productId: number) {
    const owner = listOwner(req);
    if (owner) await this.list.remove(owner, productId);
    flash(req, 'success', '已从清单中移除');
  }

  @Get('submit')
  @Render('intents/submit')
  async submitForm(@Req() req: Request) {
    const user = req.currentUser;
    if (!user) {
      flash(req, 'info', '提交采购意向前请先登录；还没有账号的单位请先注册。登录后意向清单会保留。');
      throw new AppError('UNAUTHENTICATED', '请先登录');
    }
    const locals = await this.submitLocals.formLocals(req);
    const { unit } = locals;
    return {
      ...locals,
      values: { idempotencyKey: randomUUID(), contactName: unit?.contactName ?? '', contactPhone: unit?.mobile ?? '' },
    };
  }

  /** Throttled per signed-in user: 20 submissions a minute is far beyond any real use. */
  @Post('submit')
  @UseGuards(UserThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @FormView('intents/submit', IntentSubmitLocals)
  @Redirect('/my/intents', 303)
  async submit(@Req() req: Request, @Body() dto: SubmitIntentDto) {
    const user = req.currentUser;
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (user.role !== 'buyer') throw AppError.forbidden('只有采购单位可以登记采购意向');
    const { intent, created } = await this.submission.submit(user, {
      idempotencyKey: dto.idempotencyKey,
      desiredDeliveryDate: dto.desiredDeliveryDate ?? null,
      contactName: dto.contactName,
      contactPhone: dto.contactPhone,
      note: dto.note ?? '',
    });
    flash(req, 'success', created ? `采购意向已提交，编号 ${intent.referenceNo}。` : `该意向此前已提交，编号 ${intent.referenceNo}。`);
    return { url: `/my/intents/${intent.id}` };
  }
}
