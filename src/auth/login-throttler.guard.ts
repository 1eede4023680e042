import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Log-in attempts are counted per client address *and* username: a school or a county
 * office often sits behind one NAT address, and its staff must not lock each other out,
 * while guessing one account's password is still cut off after a few tries.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const username = typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase().slice(0, 50) : '';
    return `${req.ip}|${username}`;
  }
}
