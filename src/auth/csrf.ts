import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request } from 'express';
import { AppError } from '../common/app-error';

export const CSRF_COOKIE = 'fupin.csrf';
export const CSRF_UTILITIES = Symbol('CSRF_UTILITIES');

const TOKEN_IN_URL = 'csrfTokenInUrl';

/**
 * Marks an upload form's handler: multer reads the multipart body only after the guards have
 * run, so such a form carries its token in the action URL (?_csrf=…). Everywhere else a token
 * in the URL is refused: a URL is kept in history and logs and sent on in Referer headers.
 */
export const CsrfTokenInUrl = () => SetMetadata(TOKEN_IN_URL, true);

/** Requests whose token may come from the query string: a multipart body sent to a marked handler. */
const tokenInUrlAllowed = new WeakSet<object>();

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
      const fromQuery = tokenInUrlAllowed.has(req) ? req.query?._csrf : undefined;
      if (typeof fromQuery === 'string') return fromQuery;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
}

/** Global guard: every state-changing request must carry a valid token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    @Inject(CSRF_UTILITIES) private readonly csrf: DoubleCsrfUtilities,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    const marked = this.reflector.getAllAndOverride<boolean>(TOKEN_IN_URL, [context.getHandler(), context.getClass()]);
    if (marked && req.is('multipart/form-data')) tokenInUrlAllowed.add(req);
    if (!this.csrf.validateRequest(req)) {
      throw new AppError('CSRF', '页面已过期或表单无效，请返回刷新页面后重新提交');
    }
    return true;
  }
}
