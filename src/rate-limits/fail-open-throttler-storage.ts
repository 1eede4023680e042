import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitRedis } from './rate-limit-redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis that fail open: when Redis does not answer, the request is
 * allowed (limits protect; they never decide correctness, and an outage of Redis must not
 * become an outage of the app) and the outage is reported to RateLimitRedis, which logs it once.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly counters: ThrottlerStorage,
    private readonly redis: RateLimitRedis,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
      this.redis.worked();
      return record;
    } catch (err) {
      this.redis.failed(err as Error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
