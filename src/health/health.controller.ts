import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { RateLimitRedis } from '../rate-limits/rate-limit-redis';
import { withRedis, type Readiness } from './readiness';
import { ShutdownState } from './shutdown-state';

/** How long the database may take to answer `SELECT 1` (SQLite queues it behind a running transaction). */
const DATABASE_PING_TIMEOUT_MS = 3000;

/**
 * Health checks for a load balancer or an orchestrator. JSON, no session, no CSRF cookie,
 * never rate-limited, never cached; failures bypass the HTML error pages so the body stays JSON.
 *
 * - `GET /health` (= `/health/ready`): readiness — 200 when the database answers, 503 when
 *   it does not or the instance is shutting down. Route traffic by this one. With REDIS_URL
 *   it also reports Redis; Redis down is `degraded` (still 200: the rate limits are open).
 * - `GET /health/live`: liveness — 200 while the process serves HTTP at all, without
 *   touching the database, so a database outage does not make an orchestrator restart
 *   every instance.
 */
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
    private readonly redis: RateLimitRedis,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  check(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    return this.readiness(res);
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    return this.readiness(res);
  }

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private async readiness(res: Response): Promise<Readiness> {
    if (this.shutdown.shuttingDown) {
      res.status(503);
      return { status: 'shutting_down', info: {}, error: {}, details: {} };
    }
    const [database, redis] = await Promise.all([this.pingDatabase(res), this.redis.client ? this.redis.health() : null]);
    return redis ? withRedis(database, redis) : database;
  }

  private async pingDatabase(res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.typeOrm.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS })]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse() as HealthCheckResult;
    }
  }
}
