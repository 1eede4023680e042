import { Body, Controller, Get, Injectable, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { confirmFirst } from '../common/confirmation';
import { formatDateTimeCn } from '../common/dates';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { IntentListService } from './intent-list.service';
import { indexedFields } from '../common/indexed-fields';
import { INTENT_TEXT_LIMITS } from './intent-limits';
import { formatFen } from '../common/money';
import { INTENT_STATUS_LABELS, statusActionsFrom } from './intent-status';
import { IntentLetterLocals } from './intent-letter.locals';
import { IntentQueriesService, type IntentSummary } from './intent-queries.service';
import { IntentSubmissionService } from './intent-submission.service';
import { BuyerUnitLookupsService } from '../buyers/buyer-unit-lookups.service';
import { FairsService } from '../fairs/fairs.service';
import { TargetCompletionService } from '../targets/target-completion.service';

/** What the intent page shows: lines with amounts, whether it can still be changed, the deadline. */
@Injectable()
export class IntentPageLocals implements FormLocalsProvider {
  constructor(
    private readonly intents: IntentQueriesService,
    private readonly submission: IntentSubmissionService,
    private readonly list: IntentListService,
  ) {}

  async formLocals(req: Request) {
    const user = req.currentUser!;
    const summary = await this.intents.findVisibleOrThrow(user, Number(req.params.id));
    return this.page(user, summary);
  }

  async page(user: SessionUser, summary: IntentSummary) {
    const { fair, ...access } = await this.submission.buyerAccess(user, summary.intent);
    const listCount = user.role === 'buyer' ? await this.list.count({ buyerUnitId: user.buyerUnitId! }) : 0;
    const lines = (summary.intent.lines ?? []).map((l) => ({
      ...l,
      amountFen: l.quantity * l.unitPriceFen,
      signedFen: l.signedQuantity === null ? null : l.signedQuantity * l.unitPriceFen,
      deliveredFen: l.deliveredQuantity === null ? null : l.deliveredQuantity * l.unitPriceFen,
      available: l.product!.status === 'published',
    }));
    const hasSigned = lines.some((l) => l.signedQuantity !== null);
    const hasDelivered = lines.some((l) => l.deliveredQuantity !== null);
    return {
      title: `采购意向 ${summary.intent.referenceNo}`,
      ...summary,
      limits: INTENT_TEXT_LIMITS,
      statusLabel: INTENT_STATUS_LABELS[summary.intent.status],
      lines,
      // 签约 and 成交 beside the intended figures, once recorded (null quantities: not yet)
      hasSigned,
      hasDelivered,
      signedFen: hasSigned ? sum(lines.map((l) => l.signedFen)) : null,
      deliveredFen: hasDelivered ? sum(lines.map((l) => l.deliveredFen)) : null,
      statusActions: statusActionsFrom(summary.intent.status),
      ...access,
      deadline: fair.intentDeadline ? formatDateTimeCn(fair.intentDeadline) : null,
      fairName: fair.name,
      listCount,
      isOrganiser: user.role === 'organiser',
    };
  }
}

const sum = (list: (number | null)[]) => list.reduce<number>((s, v) => s + (v ?? 0), 0);

/** A buyer unit's own purchase intents: view, change, withdraw, print. */
@Controller('my/intents')
@Roles('buyer')
export class MyIntentsController {
  constructor(
    private readonly intents: IntentQueriesService,
    private readonly submission: IntentSubmissionService,
    private readonly pageLocals: IntentPageLocals,
    private readonly letterLocals: IntentLetterLocals,
    private readonly targets: TargetCompletionService,
    private readonly fairs: FairsService,
    private readonly units: BuyerUnitLookupsService,
  ) {}

  /** The unit's intents, and above them its own target at the current fair with its progress (never another unit's). */
  @Get()
  @Render('intents/my-list')
  async list(@CurrentUser() user: SessionUser) {
    const [intents, fair, unit] = await Promise.all([
      this.intents.listForBuyerUnit(user.buyerUnitId!),
      this.fairs.current(),
      this.units.findByIdOrThrow(user.buyerUnitId!),
    ]);
    const target = await this.targets.forUnit(fair.id, unit);
    return {
      title: '我的采购意向',
      target: target && { ...target, fairName: fair.name },
      intents: intents.map((s) => ({ ...s, statusLabel: INTENT_STATUS_LABELS[s.intent.status] })),
    };
  }

  @Get(':id')
  @Render('intents/show')
  async show(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.pageLocals.page(user, await this.intents.findVisibleOrThrow(user, id));
  }

  /** The printable receipt (A4, no navigation). */
  @Get(':id/receipt')
  @Render('intents/receipt')
  async receipt(@CurrentUser() user: SessionUser, @IdParam() id: number, @Query('print') print?: string) {
    const locals = await this.pageLocals.page(user, await this.intents.findVisibleOrThrow(user, id));
    return { ...locals, title: `采购意向回执 ${locals.intent.referenceNo}`, layout: 'print-layout', autoPrint: print === '1' };
  }

  /** The 购销意向书 as a print-ready page (A4): the browser prints it, or saves it as PDF. */
  @Get(':id/letter')
  @Render('intents/letter')
  letter(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.letterLocals.letter(user, id);
  }

  /** Quantities typed as qty[<productId>], lines to drop as remove[<productId>]=on. */
  @Post(':id')
  @FormView('intents/show', IntentPageLocals)
  @Redirect('/my/intents', 303)
  async amend(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const remove = Object.keys(indexedFields(body, 'remove')).map(Number);
    await this.submission.amend(user, id, indexedFields(body, 'qty'), remove);
    flash(req, 'success', '意向已修改');
    return { url: `/my/intents/${id}` };
  }

  @Post(':id/add-from-list')
  @Redirect('/my/intents', 303)
  async addFromList(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    const n = await this.submission.addFromList(user, id);
    flash(req, 'success', `已将意向清单中的 ${n} 种产品加入本意向`);
    return { url: `/my/intents/${id}` };
  }

  @Post(':id/withdraw')
  @FormView('intents/show', IntentPageLocals)
  @Redirect('/my/intents', 303)
  async withdraw(@CurrentUser() user: SessionUser, @IdParam() id: number, @Req() req: Request) {
    await confirmFirst(req, async () => {
      const { intent, lineCount, totalFen } = await this.intents.findVisibleOrThrow(user, id);
      return {
        title: `撤回采购意向 ${intent.referenceNo}？`,
        consequences: [
          `该意向的 ${lineCount} 种产品、合计 ${formatFen(totalFen)} 将不再计入展销会的意向汇总，县区也不再看到这些需求。`,
          '撤回后本单位不能自行恢复；如需恢复，请联系展销会组织方重新打开。',
        ],
        confirmLabel: '确认撤回',
        back: `/my/intents/${id}`,
      };
    });
    const intent = await this.submission.withdraw(user, id);
    flash(req, 'success', `意向 ${intent.referenceNo} 已撤回`);
    return { url: `/my/intents/${id}` };
  }
}
