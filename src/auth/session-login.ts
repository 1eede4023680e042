import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { flash } from '../common/flash';
import { LoginHooks } from './login-hooks';
import type { User } from './user.entity';

const promisify = (fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

/**
 * The one place that establishes a signed-in session (log-in, registration): anything that
 * must happen whenever someone becomes signed in belongs here. A new session id defeats
 * session fixation; the visitor's session is discarded with the old id, so whatever must
 * carry over (the intent list gathered before log-in) is moved first, by the features'
 * LoginHooks.
 */
@Injectable()
export class SessionLogin {
  constructor(private readonly hooks: LoginHooks) {}

  async signIn(req: Request, user: Pick<User, 'id' | 'role' | 'buyerUnitId'>, welcome?: string): Promise<void> {
    // Before the old session goes: what the hooks carry over (the visitor's list rows) is deleted with it.
    const messages = await this.hooks.run({ user, visitorSessionId: req.sessionID, hadVisitorList: !!req.session.visitorList });
    await promisify((cb) => req.session.regenerate(cb));
    req.session.startedAt = Date.now();
    req.session.userId = user.id;
    if (welcome) flash(req, 'success', welcome);
    for (const message of messages) flash(req, 'info', message);
    await promisify((cb) => req.session.save(cb));
  }
}
