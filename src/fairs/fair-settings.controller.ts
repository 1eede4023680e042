import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { datetimeLocalCst, parseDatetimeLocalCst } from '../common/dates';
import { flash } from '../common/flash';
import { FormView } from '../common/form-view';
import { UpdateFairDto } from './dto/update-fair.dto';
import { FairsService } from './fairs.service';

/** The organiser sets the current fair's name, date, intent deadline and default minimum. */
@ApiExcludeController()
@Controller('admin/settings')
@Roles('organiser')
export class FairSettingsController {
  constructor(private readonly fairs: FairsService) {}

  @Get()
  @Render('fairs/settings-form')
  async form() {
    const fair = await this.fairs.current();
    return {
      title: '展销会设置',
      values: { ...fair, fairName: fair.name, fairDate: fair.date, intentDeadline: datetimeLocalCst(fair.intentDeadline) },
    };
  }

  @Post()
  @FormView('fairs/settings-form')
  @Redirect('/admin/settings', 303)
  async update(@CurrentUser() user: SessionUser, @Body() dto: UpdateFairDto, @Req() req: Request): Promise<void> {
    const fair = await this.fairs.current();
    await this.fairs.update(user, fair.id, {
      name: dto.fairName,
      date: dto.fairDate,
      intentDeadline: dto.intentDeadline ? parseDatetimeLocalCst(dto.intentDeadline) : null,
      minimumProducts: dto.minimumProducts,
    });
    flash(req, 'success', '展销会设置已保存');
  }
}
