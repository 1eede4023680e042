import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { AppError } from '../common/app-error';
import { flash } from '../common/flash';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { IdParam, parseRecordId } from '../common/id-param';
import { FairStatusDto } from './dto/fair-form.dto';
import { FAIR_STATUS_LABELS, FAIR_STATUS_STEP_NOTES, nextStatus } from './fair-status';
import { FairsService } from './fairs.service';

/**
 * One step forward in a fair's life cycle, confirmed on a page of its own (a required
 * checkbox), so that it works without JavaScript and is never one stray click.
 */
@ApiExcludeController()
@Controller('admin/fairs/:id/status')
@Roles('organiser')
export class FairStatusController implements FormLocalsProvider {
  constructor(private readonly fairs: FairsService) {}

  async formLocals(req: Request) {
    const fair = await this.fairs.byId(parseRecordId(req.params.id) ?? 0);
    this.fairs.assertWritable(fair);
    const next = nextStatus(fair.status);
    if (!next) throw new AppError('CONFLICT', `${fair.name}已在最后一步，不能再改变状态。`);
    return {
      title: `${fair.name}：改为“${FAIR_STATUS_LABELS[next]}”`,
      fair,
      from: fair.status,
      fromLabel: FAIR_STATUS_LABELS[fair.status],
      toLabel: FAIR_STATUS_LABELS[next],
      note: FAIR_STATUS_STEP_NOTES[next as keyof typeof FAIR_STATUS_STEP_NOTES],
      archiving: next === 'archived',
    };
  }

  @Get()
  @Render('fairs/status')
  confirmPage(@IdParam() _id: number, @Req() req: Request) {
    return this.formLocals(req);
  }

  @Post()
  @FormView('fairs/status', FairStatusController)
  @Redirect('/admin/fairs', 303)
  async advance(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body() dto: FairStatusDto, @Req() req: Request): Promise<void> {
    const fair = await this.fairs.advanceStatus(user, id, dto.from);
    flash(req, 'success', `${fair.name}已改为“${FAIR_STATUS_LABELS[fair.status]}”`);
  }
}
