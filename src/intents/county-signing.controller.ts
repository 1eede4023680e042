import { Body, Controller, Get, Injectable, Post, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam } from '../common/id-param';
import { indexedFields } from '../common/indexed-fields';
import { INTENT_STATUS_LABELS } from './intent-status';
import { FairsService } from '../fairs/fairs.service';
import { IntentSigningService } from './intent-signing.service';

@Injectable()
export class CountySigningLocals implements FormLocalsProvider {
  constructor(
    private readonly signing: IntentSigningService,
    private readonly fairs: FairsService,
  ) {}

  async formLocals(req: Request) {
    const user = req.currentUser!;
    const fair = await this.fairs.current();
    const intents = await this.signing.listForCountySigning(user.countyId!, fair.id);
    return {
      title: `${user.countyName}签约登记`,
      intents: intents.map((i) => ({
        ...i,
        statusLabel: INTENT_STATUS_LABELS[i.intent.status],
        lines: i.lines.map((l) => ({ ...l, amountFen: l.quantity * l.unitPriceFen })),
      })),
    };
  }
}

/** At the county's stand: record what each buyer unit signs (签约) and later takes (成交). */
@Controller('county/signing')
@Roles('county')
export class CountySigningController {
  constructor(
    private readonly signing: IntentSigningService,
    private readonly locals: CountySigningLocals,
  ) {}

  @Get()
  @Render('intents/county-signing')
  show(@Req() req: Request) {
    return this.locals.formLocals(req);
  }

  @Post(':id')
  @FormView('intents/county-signing', CountySigningLocals)
  @Redirect('/county/signing', 303)
  async record(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const kind = body.kind === 'delivered' ? 'delivered' : 'signed';
    const intent = await this.signing.recordQuantities(user, id, kind, indexedFields(body, kind));
    flash(req, 'success', `已登记意向 ${intent.referenceNo} 的${kind === 'signed' ? '签约' : '成交'}数量`);
    return { url: `/county/signing#intent-${id}` };
  }
}
