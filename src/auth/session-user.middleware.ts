import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { takeFlash } from '../common/flash';
import { addLocalsAtRender } from '../common/response-patches';
import { CSRF_UTILITIES } from './csrf';
import { navigationFor } from './navigation';
import { ROLE_LABELS } from './roles';
import { UsersService } from './users.service';

/**
 * Loads the signed-in user from the session and prepares what the layout shows on every
 * page: navigation, flash messages and a CSRF token (made only when a page actually has a
 * form). The fair's name is the settings module's (FairLayoutMiddleware).
 */
@Injectable()
export class SessionUserMiddleware implements NestMiddleware {
  constructor(
    private readonly users: UsersService,
    @Inject(CSRF_UTILITIES) private readonly csrf: DoubleCsrfUtilities,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const userId = req.session?.userId;
      if (userId) {
        const user = await this.users.findSessionUser(userId);
        if (user) req.currentUser = user;
        else delete req.session.userId; // account disabled or removed: sign out
      }
      // req.path is relative to the middleware's mount point here; the full path is in originalUrl.
      const path = req.originalUrl.split('?')[0];
      if (!path.startsWith('/api/')) this.prepareLayout(req, res, path);
      next();
    } catch (err) {
      next(err);
    }
  }

  private prepareLayout(req: Request, res: Response, path: string): void {
    const user = req.currentUser;
    res.locals.currentUser = user ? { ...user, roleLabel: ROLE_LABELS[user.role] } : null;
    res.locals.nav = navigationFor(user, path);
    let token: string | undefined;
    // Handlebars calls a function-valued property when a template uses {{csrfToken}}.
    res.locals.csrfToken = () => (token ??= this.csrf.generateCsrfToken(req, res));

    // Taken only by a page that renders, so that a redirect's flash survives to the next page.
    addLocalsAtRender(req, res, async () => ({ flash: takeFlash(req) }));
  }
}
