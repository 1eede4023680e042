import { applyDecorators, type ExecutionContext, UseGuards } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { Request } from 'express';
import { UserThrottlerGuard } from './user-throttler.guard';

/**
 * Changes to an intent list a visitor may make per minute, counted per client address. Each
 * addition by a client that keeps no cookie starts a session and a list of its own, so this
 * is what bounds the rows anonymous clients can write. Staff of one unit behind a shared
 * address who need more can sign in: then each account has its own count.
 */
export const VISITOR_LIST_WRITES_PER_MINUTE = 30;
/** The same per signed-in account: a person clicking through the catalogue stays far below it. */
export const BUYER_LIST_WRITES_PER_MINUTE = 120;

const limit = (context: ExecutionContext): number =>
  context.switchToHttp().getRequest<Request>().currentUser ? BUYER_LIST_WRITES_PER_MINUTE : VISITOR_LIST_WRITES_PER_MINUTE;

/** Throttles a write to the intent list; a refusal is a 429 page in Chinese (AppExceptionFilter). */
export const ListWriteThrottle = () => applyDecorators(UseGuards(UserThrottlerGuard), Throttle({ default: { limit, ttl: 60_000 } }));
