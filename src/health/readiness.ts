import type { HealthCheckResult } from '@nestjs/terminus';
import type { RedisHealth } from '../rate-limits/rate-limit-redis';

/** What /health answers: terminus's result, plus `degraded` while a non-essential service is down. */
export type Readiness = Omit<HealthCheckResult, 'status'> & { status: HealthCheckResult['status'] | 'degraded' };

/**
 * Adds Redis to the readiness result. Redis down leaves the instance ready (HTTP 200: every
 * instance shares that Redis, so taking them out of the load balancer would turn open rate
 * limits into an outage) but says so: `status: "degraded"` and `error.redis`.
 */
export function withRedis(result: HealthCheckResult, redis: RedisHealth): Readiness {
  const details = { ...result.details, redis };
  if (redis.status === 'up') return { ...result, info: { ...result.info, redis }, details };
  return { ...result, status: result.status === 'ok' ? 'degraded' : result.status, error: { ...result.error, redis }, details };
}
