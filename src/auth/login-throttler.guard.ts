import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { clientAddress } from './client-address';
import { formUsername } from './username';

const MINUTE = 60_000;

/** The username a log-in attempt is for, as the log-in form will read it (see username.ts). */
const attemptedUsername = (req: Record<string, any>): string => {
  const name = formUsername(req.body?.username);
  return typeof name === 'string' ? name : '';
};

/**
 * The log-in limits, each counted by @nestjs/throttler under its own name:
 *
 * - `login-address-account`, 10 a minute for one account from one address: guessing one
 *   password from one place is cut off quickly, while colleagues behind one NAT address, each
 *   with their own account, do not lock each other out;
 * - `login-address`, LOGIN_LIMIT_PER_ADDRESS (60) a minute from one address, all usernames
 *   together: trying one password on many accounts, or a flood of made-up names, is cut off;
 * - `login-account`, 50 in 15 minutes for one account from all addresses together: guessing
 *   spread over many addresses is slowed to a few a minute. The price: someone who sends 50
 *   wrong passwords for an account keeps its owner out for 15 minutes (the message says to wait).
 *
 * Every attempt counts, successful or not, from the moment it arrives, so that a burst sent
 * at once is limited too. The username is read exactly as the form reads it, so a name with
 * an invisible character, in other letter case or sent twice counts as the same account.
 */
export function loginThrottlers(perAddress: number): ThrottlerOptions[] {
  return [
    { name: 'login-address-account', limit: 10, ttl: MINUTE, getTracker: (req) => `${clientAddress(req)}|${attemptedUsername(req)}` },
    { name: 'login-address', limit: perAddress, ttl: MINUTE, getTracker: (req) => clientAddress(req) },
    { name: 'login-account', limit: 50, ttl: 15 * MINUTE, getTracker: (req) => attemptedUsername(req) },
  ];
}

@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  /** The log-in route has its own limits instead of the app's default one. */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = loginThrottlers(this.config.loginLimitPerAddress);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const minutes = Math.max(1, Math.ceil(detail.timeToBlockExpire / 60));
    throw new AppError('RATE_LIMITED', `登录尝试过于频繁，请${minutes}分钟后再试`);
  }
}
