import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../auth/current-user';
import { Roles } from '../auth/roles.decorator';
import { flash } from '../common/flash';
import { IdParam } from '../common/id-param';
import { pagination, parsePage } from '../common/page-param';
import { BUYER_UNIT_TYPES, type BuyerUnitType } from './buyer-unit-types';
import { BUYER_PAGE_SIZE, BuyerUnitsService } from './buyer-units.service';

/** After disabling or enabling, back to the same page of the list (only ever this list). */
function backToList(returnTo: unknown): { url: string } | undefined {
  return typeof returnTo === 'string' && /^\/admin\/buyers(\?[^\s]*)?$/.test(returnTo) ? { url: returnTo } : undefined;
}

/** The organiser's list of buyer units, where a unit can be disabled and enabled again. */
@Controller('admin/buyers')
@Roles('organiser')
export class BuyersAdminController {
  constructor(private readonly buyers: BuyerUnitsService) {}

  @Get()
  @Render('buyers/admin-list')
  async index(@Req() req: Request, @Query('q') qParam?: unknown, @Query('type') typeParam?: unknown, @Query('page') pageParam?: string) {
    const q = typeof qParam === 'string' ? qParam.trim().slice(0, 100) : '';
    const type = BUYER_UNIT_TYPES.includes(typeParam as BuyerUnitType) ? (typeParam as BuyerUnitType) : undefined;
    const page = parsePage(pageParam);
    const { rows, total } = await this.buyers.list({ q, type, page });
    return {
      title: '采购单位',
      rows,
      types: BUYER_UNIT_TYPES,
      filters: { q, type: type ?? '' },
      pager: pagination(page, total, BUYER_PAGE_SIZE),
      returnTo: req.originalUrl,
    };
  }

  @Post(':id/disable')
  @Redirect('/admin/buyers', 303)
  async disable(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body('returnTo') returnTo: unknown, @Req() req: Request) {
    const unit = await this.buyers.setDisabled(user, id, true);
    flash(req, 'success', `已停用“${unit.name}”：该单位的账号不能再登录，已登录的会被退出。`);
    return backToList(returnTo);
  }

  @Post(':id/enable')
  @Redirect('/admin/buyers', 303)
  async enable(@CurrentUser() user: SessionUser, @IdParam() id: number, @Body('returnTo') returnTo: unknown, @Req() req: Request) {
    const unit = await this.buyers.setDisabled(user, id, false);
    flash(req, 'success', `已启用“${unit.name}”，该单位的账号可以重新登录。`);
    return backToList(returnTo);
  }
}
