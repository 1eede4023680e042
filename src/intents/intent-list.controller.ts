import { Body, Controller, Get, Injectable, Post, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { safeNextPath } from '../auth/home-path';
import { AppError } from '../common/app-error';
import { formatDateTimeCn } from '../common/dates';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { indexedFields } from '../common/indexed-fields';
import { IdParam, parseRecordId } from '../common/id-param';
import { SettingsService } from '../settings/settings.service';
import { SubmitIntentDto } from './dto/submit-intent.dto';
import { IntentListService, type ListOwner } from './intent-list.service';
import { IntentsService } from './intents.service';
import { UserThrottlerGuard } from './user-throttler.guard';
import { BuyerUnitsLookup } from './buyer-units.lookup';

/** The list's owner: the signed-in buyer's unit, or the visitor's key (created on first use). */
function listOwner(req: Request, create: boolean): ListOwner | null {
  const user = req.currentUser;
  if (user) {
    if (user.role !== 'buyer') throw AppError.forbidden('只有采购单位可以登记采购意向');
    return { buyerUnitId: user.buyerUnitId! };
  }
  if (!req.session.visitorKey) {
    if (!create) return null;
    req.session.startedAt ??= Date.now();
    req.session.visitorKey = randomBytes(16).toString('hex');
  }
  return { visitorKey: req.session.visitorKey };
}

/** Page locals of the list, also used to show it again with messages beside bad quantities. */
@Injectable()
export class IntentListLocals implements FormLocalsProvider {
  constructor(
    private readonly list: IntentListService,
    private readonly settings: SettingsService,
  ) {}

  async formLocals(req: Request) {
    const owner = listOwner(req, false);
    const { lines, totalFen } = owner ? await this.list.lines(owner) : { lines: [], totalFen: 0 };
    const { intentDeadline } = await this.settings.get();
    const closed = intentDeadline !== null && intentDeadline.getTime() <= Date.now();
    return {
      title: '意向清单',
      lines,
      totalFen,
      deadline: intentDeadline ? formatDateTimeCn(intentDeadline) : null,
      closed,
      signedInBuyer: req.currentUser?.role === 'buyer',
    };
  }
}

/** 意向清单: gather products (signed in or not), then submit them as one purchase intent. */
@Controller('intent-list')
export class IntentListController {
  constructor(
    private readonly list: IntentListService,
    private readonly intents: IntentsService,
    private readonly locals: IntentListLocals,
    private readonly units: BuyerUnitsLookup,
  ) {}

  @Get()
  @Render('intents/list')
  async show(@Req() req: Request) {
    return this.locals.formLocals(req);
  }

  /** "加入意向清单" from the catalogue: productId and an optional quantity (default: the minimum order). */
  @Post('items')
  @Redirect('/intent-list', 303)
  async add(@Req() req: Request, @Body() body: Record<string, unknown>) {
    const productId = parseRecordId(body.productId);
    if (productId === null) throw AppError.notFound('产品');
    const { product, quantity } = await this.list.put(listOwner(req, true)!, productId, body.quantity);
    flash(req, 'success', `已加入意向清单：${product.name} ${quantity} ${product.unit}`);
    const back = safeNextPath(body.returnTo);
    return back ? { url: back } : undefined;
  }

  @Post('update')
  @FormView('intents/list', IntentListLocals)
  @Redirect('/intent-list', 303)
  async update(@Req() req: Request, @Body() body: Record<string, unknown>) {
    const owner = listOwner(req, false);
    if (owner) await this.list.setQuantities(owner, indexedFields(body, 'qty'));
    flash(req, 'success', '数量已更新');
  }

  @Post('items/:id/remove')
  @Redirect('/intent-list', 303)
  async remove(@Req() req: Request, @IdParam() productId: number) {
    const owner = listOwner(req, false);
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
    const owner = listOwner(req, false)!;
    const locals = await this.locals.formLocals(req);
    const unit = await this.units.findById(user.buyerUnitId!);
    return {
      ...locals,
      title: '提交采购意向',
      owner,
      values: { idempotencyKey: randomUUID(), contactName: unit?.contactName ?? '', contactPhone: unit?.mobile ?? '' },
      unit,
    };
  }

  /** Throttled per signed-in user: 20 submissions a minute is far beyond any real use. */
  @Post('submit')
  @UseGuards(UserThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @FormView('intents/submit', IntentListLocals)
  @Redirect('/my/intents', 303)
  async submit(@Req() req: Request, @Body() dto: SubmitIntentDto) {
    const user = req.currentUser;
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (user.role !== 'buyer') throw AppError.forbidden('只有采购单位可以登记采购意向');
    const { intent, created } = await this.intents.submit(user, {
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
