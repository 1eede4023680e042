import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Counts requests per signed-in user (per address for visitors): units behind one NAT
 * address do not share a limit, while one account cannot flood the server.
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return req.currentUser ? `user:${req.currentUser.id}` : `ip:${req.ip}`;
  }
}
