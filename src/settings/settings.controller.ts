import { Body, Controller, Get, Post, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { datetimeLocalCst, parseDatetimeLocalCst } from '../common/dates';
import { flash } from '../common/flash';
import { FormView } from '../common/form-view';
import { UpdateSettingsDto } from './dto/update-settings.dto';
import { SettingsService } from './settings.service';

/** The organiser sets the fair's name, date, intent deadline and default minimum. */
@Controller('admin/settings')
@Roles('organiser')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Render('settings/form')
  async form() {
    const s = await this.settings.get();
    return {
      title: '展销会设置',
      values: { ...s, intentDeadline: datetimeLocalCst(s.intentDeadline) },
    };
  }

  @Post()
  @FormView('settings/form')
  @Redirect('/admin/settings', 303)
  async update(@CurrentUser() user: SessionUser, @Body() dto: UpdateSettingsDto, @Req() req: Request): Promise<void> {
    await this.settings.update(user, {
      fairName: dto.fairName,
      fairDate: dto.fairDate,
      intentDeadline: dto.intentDeadline ? parseDatetimeLocalCst(dto.intentDeadline) : null,
      minimumProducts: dto.minimumProducts,
    });
    flash(req, 'success', '展销会设置已保存');
  }
}
