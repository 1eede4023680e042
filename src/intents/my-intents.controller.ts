import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { IdParam } from '../common/id-param';
import { INTENT_STATUS_LABELS } from './intent-status';
import { IntentsService } from './intents.service';

/** A buyer unit's own purchase intents. */
@Controller('my/intents')
@Roles('buyer')
export class MyIntentsController {
  constructor(private readonly intents: IntentsService) {}

  @Get()
  @Render('intents/my-list')
  async list(@CurrentUser() user: SessionUser) {
    const intents = await this.intents.listForBuyerUnit(user.buyerUnitId!);
    return {
      title: '我的采购意向',
      intents: intents.map((s) => ({ ...s, statusLabel: INTENT_STATUS_LABELS[s.intent.status] })),
    };
  }

  @Get(':id')
  @Render('intents/show')
  async show(@CurrentUser() user: SessionUser, @IdParam() id: number) {
    const summary = await this.intents.findVisibleOrThrow(user, id);
    return {
      title: `采购意向 ${summary.intent.referenceNo}`,
      ...summary,
      statusLabel: INTENT_STATUS_LABELS[summary.intent.status],
      lines: (summary.intent.lines ?? []).map((l) => ({ ...l, amountFen: l.quantity * l.unitPriceFen })),
    };
  }
}
