import { Body, Controller, Get, Injectable, Param, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type SessionUser } from '../../auth/current-user';
import { Roles } from '../../auth/roles.decorator';
import { flash } from '../../common/flash';
import { FormView, type FormLocalsProvider } from '../../common/form-view';
import { DONATION_TEXT_LIMITS } from '../donation-limits';
import { AccountInputDto } from './dto/account-input.dto';
import { DonationAccountsService } from './donation-accounts.service';

/** What the account form shows besides the typed values: the office it is for. */
@Injectable()
export class AccountFormLocals implements FormLocalsProvider {
  constructor(private readonly accounts: DonationAccountsService) {}

  async formLocals(req: Request) {
    const office = await this.accounts.office(String(req.params.office));
    return { title: `设置捐赠账户：${office.officeName}`, office, limits: DONATION_TEXT_LIMITS };
  }
}

/**
 * 捐赠账户: the organiser sets, per receiving office (the city's and each county's), the
 * account a pledge page tells donors to pay into.
 */
@ApiExcludeController()
@Controller('admin/donations/accounts')
@Roles('organiser')
export class DonationAccountsController {
  constructor(
    private readonly accounts: DonationAccountsService,
    private readonly locals: AccountFormLocals,
  ) {}

  @Get()
  @Render('donations/accounts')
  async index() {
    const offices = await this.accounts.all();
    return { title: '捐赠账户', offices, missing: offices.filter((o) => !o.account).length };
  }

  @Get(':office/edit')
  @Render('donations/account-form')
  async edit(@Req() req: Request) {
    const locals = await this.locals.formLocals(req);
    return { ...locals, values: locals.office.account ?? {} };
  }

  @Post(':office')
  @FormView('donations/account-form', AccountFormLocals)
  @Redirect('/admin/donations/accounts', 303)
  async save(@CurrentUser() user: SessionUser, @Param('office') office: string, @Body() dto: AccountInputDto, @Req() req: Request) {
    const saved = await this.accounts.save(user, office, { ...dto, note: dto.note ?? null });
    flash(req, 'success', `已保存${saved.officeName}的捐赠账户`);
  }
}
