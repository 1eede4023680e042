import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { flash } from '../common/flash';
import { IntentListService } from '../intents/intent-list.service';
import type { User } from './user.entity';

const promisify = (fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

/**
 * The one place that establishes a signed-in session (log-in, registration): anything that
 * must happen whenever someone becomes signed in belongs here. A new session id defeats
 * session fixation; the visitor's session is discarded with the old id, so whatever must
 * carry over (the intent list gathered before log-in) is moved first.
 */
@Injectable()
export class SessionLogin {
  constructor(private readonly intentList: IntentListService) {}

  async signIn(req: Request, user: Pick<User, 'id' | 'role' | 'buyerUnitId'>, welcome?: string): Promise<void> {
    // Before the old session goes: the visitor's list rows are deleted with it.
    const moved =
      req.session.visitorList && user.role === 'buyer' && user.buyerUnitId
        ? await this.intentList.moveVisitorListToUnit(req.sessionID, user.buyerUnitId)
        : 0;
    await promisify((cb) => req.session.regenerate(cb));
    req.session.startedAt = Date.now();
    req.session.userId = user.id;
    if (welcome) flash(req, 'success', welcome);
    if (moved > 0) flash(req, 'info', `登录前加入意向清单的 ${moved} 种产品已保留在本单位的意向清单中。`);
    await promisify((cb) => req.session.save(cb));
  }
}
