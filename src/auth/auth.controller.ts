import { Body, Controller, Get, Post, Query, Redirect, Render, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { FormView, type FormLocalsProvider } from '../common/form-view';
import { ACCOUNT_TEXT_LIMITS } from './account-limits';
import { homePathFor, safeNextPath } from './home-path';
import { LoginDto } from './login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { clientAddress } from './client-address';
import { SessionLogin } from './session-login';
import { UsersService } from './users.service';

@Controller()
export class AuthController implements FormLocalsProvider {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly sessionLogin: SessionLogin,
  ) {}

  formLocals(req: Request) {
    return { title: '登录', limits: ACCOUNT_TEXT_LIMITS, signedIn: !!req.currentUser };
  }

  @Get('login')
  @Render('auth/login')
  loginForm(@Req() req: Request, @Query('next') next?: string) {
    return { ...this.formLocals(req), values: { next: safeNextPath(next) ?? '' } };
  }

  /** Throttled per address and account, per address and per account (see LoginThrottlerGuard). */
  @Post('login')
  @UseGuards(LoginThrottlerGuard)
  @FormView('auth/login', AuthController)
  @Redirect('/', 303)
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<{ url: string }> {
    const result = await this.users.authenticate(clientAddress(req), dto.username, dto.password);
    if ('reason' in result) {
      const message = result.reason === 'disabled' ? '该账号已被停用，请联系展销会组织方' : '用户名或密码不正确';
      throw AppError.validation({ password: [message] }, message);
    }
    const { user } = result;
    await this.sessionLogin.signIn(req, user, `欢迎，${user.displayName}`);
    await this.audit.record(user, 'auth.login', { type: 'user', id: user.id });
    return { url: safeNextPath(dto.next) ?? homePathFor(user.role) };
  }

  @Post('logout')
  @Redirect('/', 303)
  async logout(@Req() req: Request): Promise<void> {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  }
}
