import { Body, Controller, Get, Post, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { ACCOUNT_TEXT_LIMITS } from '../auth/account-limits';
import { clientAddress } from '../auth/client-address';
import { SessionLogin } from '../auth/session-login';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { BUYER_UNIT_TEXT_LIMITS } from './buyer-unit-limits';
import { BUYER_UNIT_TYPES } from './buyer-unit-types';
import { BuyerUnitsService } from './buyer-units.service';
import { RegisterBuyerDto } from './dto/register-buyer.dto';

/** 采购单位注册: a unit registers itself and is signed in with its new account. */
@Controller('register')
export class RegistrationController implements FormLocalsProvider {
  constructor(
    private readonly buyers: BuyerUnitsService,
    private readonly sessionLogin: SessionLogin,
  ) {}

  formLocals(req: Request) {
    return {
      title: '采购单位注册',
      types: BUYER_UNIT_TYPES,
      limits: { ...BUYER_UNIT_TEXT_LIMITS, username: ACCOUNT_TEXT_LIMITS.username, password: ACCOUNT_TEXT_LIMITS.password },
      signedIn: !!req.currentUser,
    };
  }

  @Get()
  @Render('buyers/register')
  form(@Req() req: Request) {
    return { ...this.formLocals(req), values: {} };
  }

  /**
   * Throttled per client address: 10 attempts in 10 minutes. Failed attempts count too, which
   * also slows down probing credit codes; 10 leaves room for a few typos.
   */
  @Post()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 10 * 60_000 } })
  @FormView('buyers/register', RegistrationController)
  @Redirect('/my/intents', 303)
  async register(@Body() dto: RegisterBuyerDto, @Req() req: Request): Promise<void> {
    const { unit, user } = await this.buyers.register(dto, clientAddress(req));
    await this.sessionLogin.signIn(req, user, `注册成功，欢迎${unit.name}！现在可以浏览产品目录并登记采购意向。`);
  }
}
