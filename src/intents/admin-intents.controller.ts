import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { BUYER_UNIT_TYPES } from '../buyers/buyer-unit-types';
import { confirmFirst } from '../common/confirmation';
import { isIsoDate } from '../common/dates';
import { flash } from '../common/flash';
import { FormView } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { indexedFields } from '../common/indexed-fields';
import { pagination, parsePage } from '../common/page-param';
import { CountiesService } from '../counties/counties.service';
import { FairsService } from '../fairs/fairs.service';
import { IntentStatusDto } from './dto/intent-status.dto';
import { INTENT_STATUS_LABELS, INTENT_STATUSES, type IntentStatus } from './intent-status';
import { IntentLetterLocals } from './intent-letter.locals';
import { IntentQueriesService, type IntentFilter } from './intent-queries.service';
import { IntentReviewService } from './intent-review.service';
import { IntentSigningService } from './intent-signing.service';
import { IntentPageLocals } from './my-intents.controller';

const PAGE_SIZE = 50;
/** CST midnight of a YYYY-MM-DD date as an instant. */
const cstMidnight = (date: string, plusDays = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000);

/** The organiser's view of every purchase intent, with filters, and its confirm/cancel/reopen. */
@Controller('admin/intents')
@Roles('organiser')
export class AdminIntentsController {
  constructor(
    private readonly intents: IntentQueriesService,
    private readonly review: IntentReviewService,
    private readonly signing: IntentSigningService,
    private readonly counties: CountiesService,
    private readonly pageLocals: IntentPageLocals,
    private readonly fairs: FairsService,
    private readonly letterLocals: IntentLetterLocals,
  ) {}

  @Get()
  @Render('intents/admin-list')
  async list(@Query() query: Record<string, unknown>) {
    const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
    const fair = await this.fairs.fromQuery(query.fair);
    const counties = await this.counties.findAll();
    const county = counties.find((c) => c.code === str('county'));
    const status = INTENT_STATUSES.includes(str('status') as IntentStatus) ? (str('status') as IntentStatus) : undefined;
    const type = (BUYER_UNIT_TYPES as readonly string[]).includes(str('type')) ? str('type') : undefined;
    const from = isIsoDate(str('from')) ? str('from') : '';
    const to = isIsoDate(str('to')) ? str('to') : '';
    const q = str('q').slice(0, 50);
    const filter: IntentFilter = {
      fairId: fair.id,
      countyId: county?.id,
      status,
      buyerType: type,
      from: from ? cstMidnight(from) : undefined,
      to: to ? cstMidnight(to, 1) : undefined,
      q: q || undefined,
    };
    const page = parsePage(query.page);
    const { items, total } = await this.intents.listFiltered(filter, page, PAGE_SIZE);
    return {
      title: '采购意向',
      fairOptions: await this.fairs.selector(fair),
      shownFair: fair,
      intents: items.map((s) => ({ ...s, statusLabel: INTENT_STATUS_LABELS[s.intent.status] })),
      counties,
      types: BUYER_UNIT_TYPES,
      statuses: INTENT_STATUSES.map((s) => ({ value: s, label: INTENT_STATUS_LABELS[s] })),
      filters: { county: county?.code ?? '', status: status ?? '', type: type ?? '', from, to, q },
      pager: pagination(page, total, PAGE_SIZE),
    };
  }

  @Get(':id')
  @Render('intents/show')
  async show(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.pageLocals.page(user, await this.intents.findVisibleOrThrow(user, id));
  }

  /** The 购销意向书 as a print-ready page (A4), as the buyer unit sees it. */
  @Get(':id/letter')
  @Render('intents/letter')
  letter(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    return this.letterLocals.letter(user, id);
  }

  /** Fair day: signed[<lineId>] quantities (签约); after the fair: delivered[<lineId>] (成交). */
  @Post(':id/quantities')
  @FormView('intents/show', IntentPageLocals)
  @Redirect('/admin/intents', 303)
  async recordQuantities(
    @CurrentUser() user: SessionUser,
    @IdParam() id: number,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ) {
    const kind = body.kind === 'delivered' ? 'delivered' : 'signed';
    const intent = await this.signing.recordQuantities(user, id, kind, indexedFields(body, kind));
    flash(
      req,
      'success',
      kind === 'signed' ? `意向 ${intent.referenceNo} 的签约数量已登记` : `意向 ${intent.referenceNo} 的成交数量已登记`,
    );
    return { url: `/admin/intents/${id}` };
  }

  @Post(':id/status')
  @FormView('intents/show', IntentPageLocals)
  @Redirect('/admin/intents', 303)
  async changeStatus(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: IntentStatusDto, @Req() req: Request) {
    if (dto.action === 'cancel') {
      await confirmFirst(req, async () => {
        const { intent } = await this.intents.findVisibleOrThrow(user, id);
        return {
          title: `取消采购意向 ${intent.referenceNo}？`,
          consequences: [
            `${intent.buyerUnit!.name}的这份意向将不再计入意向汇总和公示数据。`,
            `采购单位会看到取消原因：${dto.reason ?? ''}`,
            '取消后可以在意向页“重新打开”。',
          ],
          confirmLabel: '确认取消意向',
          back: `/admin/intents/${id}`,
        };
      });
    }
    const intent = await this.review.changeStatus(user, id, dto.action, dto.reason ?? null);
    const verb = { confirm: '已确认', cancel: '已取消', reopen: '已重新打开' }[dto.action];
    flash(req, 'success', `意向 ${intent.referenceNo} ${verb}`);
    return { url: `/admin/intents/${id}` };
  }
}
