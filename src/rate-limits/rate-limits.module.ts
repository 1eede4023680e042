import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';
import { RateLimitRedis } from './rate-limit-redis';

/**
 * Where the rate-limit counters live: in Redis when REDIS_URL is set, so every instance
 * counts the same requests; otherwise in each instance's memory.
 */
@Module({
  providers: [RateLimitRedis],
  exports: [RateLimitRedis],
})
export class RateLimitsModule {
  /** @nestjs/throttler with the app's default limit and the counters' storage. */
  static throttler(): DynamicModule {
    return ThrottlerModule.forRootAsync({
      imports: [RateLimitsModule],
      inject: [RateLimitRedis],
      useFactory: (redis: RateLimitRedis) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: 60 }],
        storage: redis.client ? new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis.client), redis) : undefined,
      }),
    });
  }
}
