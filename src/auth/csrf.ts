import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request } from 'express';
import { AppError } from '../common/app-error';

export const CSRF_COOKIE = 'fupin.csrf';
export const CSRF_UTILITIES = Symbol('CSRF_UTILITIES');

/**
 * CSRF with csrf-csrf (signed double-submit cookie). The token is bound to the session id
 * once a session exists; before that (a visitor's first form, the log-in page) it is bound
 * to the cookie alone, so that no session row has to be written just to show a form.
 */
export function createCsrf(secret: string, secure: boolean): DoubleCsrfUtilities {
  return doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (req.session?.startedAt ? req.sessionID : 'visitor'),
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'lax', path: '/', secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      // Multipart forms are parsed after the guards run: they carry the token in the URL.
      const fromQuery = req.query?._csrf;
      if (typeof fromQuery === 'string') return fromQuery;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
}

/** Global guard: every state-changing request must carry a valid token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(CSRF_UTILITIES) private readonly csrf: DoubleCsrfUtilities) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    if (!this.csrf.validateRequest(req)) {
      throw new AppError('CSRF', '页面已过期或表单无效，请返回刷新页面后重新提交');
    }
    return true;
  }
}
