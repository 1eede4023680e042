import { Controller, Get, Render } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator';
import { INTENT_STATUS_LABELS } from './intent-status';
import { IntentsService } from './intents.service';

/** The organiser's view of every purchase intent. */
@Controller('admin/intents')
@Roles('organiser')
export class AdminIntentsController {
  constructor(private readonly intents: IntentsService) {}

  @Get()
  @Render('intents/admin-list')
  async list() {
    const intents = await this.intents.listAll();
    return {
      title: '采购意向',
      intents: intents.map((s) => ({ ...s, statusLabel: INTENT_STATUS_LABELS[s.intent.status] })),
    };
  }
}
