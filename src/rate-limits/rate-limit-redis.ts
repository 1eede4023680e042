import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/** How long connecting, or one command, may take before the rate limits give up on Redis and open. */
const REDIS_TIMEOUT_MS = 500;
/** How long the start waits for a first connection (then it serves anyway, limits open). */
const STARTUP_WAIT_MS = 2000;

export type RedisHealth = { status: 'up' } | { status: 'down'; message: string };

/**
 * The Redis connection the rate-limit counters live in when REDIS_URL is set (`client` is
 * null otherwise), and whether it works. Redis must never make a request wait or fail: the
 * client gives up fast (short timeouts, no queue of commands while disconnected, one retry)
 * and reconnects in the background, and an outage is logged once when it starts and once
 * when it ends — not once per request.
 */
@Injectable()
export class RateLimitRedis implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly client: Redis | null;
  private down = false;
  private readonly logger = new Logger('RateLimits');

  constructor(config: AppConfig) {
    this.client = config.redisUrl
      ? new Redis(config.redisUrl, {
          keyPrefix: config.redisKeyPrefix,
          connectTimeout: REDIS_TIMEOUT_MS,
          commandTimeout: REDIS_TIMEOUT_MS,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          // Keep trying in the background, at most every 2 s.
          retryStrategy: (times) => Math.min(times * 100, 2000),
        })
      : null;
    this.client?.on('error', (err: Error) => this.failed(err));
    this.client?.on('ready', () => this.worked());
  }

  /** Waits briefly for the first connection (or its first error), so the first requests are counted rather than let through. */
  async onApplicationBootstrap(): Promise<void> {
    const client = this.client;
    if (!client || client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.failed(new Error(`no connection within ${STARTUP_WAIT_MS} ms`));
        done();
      }, STARTUP_WAIT_MS);
      client.once('ready', done).once('error', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    this.client.removeAllListeners('error').on('error', () => undefined);
    await this.client.quit().catch(() => this.client!.disconnect());
  }

  /** Called on every Redis error: the first one of an outage is logged. */
  failed(err: Error): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(`Redis unreachable (${err.message}): rate limits are open (requests allowed) until it is back`);
  }

  /** Called when Redis answers again (a reconnection or a counted request). */
  worked(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log('Redis reachable again: rate limits apply');
  }

  /** For /health: up when Redis answers a PING within the command timeout. */
  async health(): Promise<RedisHealth> {
    if (!this.client) throw new Error('REDIS_URL is not set');
    if (this.client.status !== 'ready') return { status: 'down', message: `no connection (${this.client.status})` };
    try {
      await this.client.ping();
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
  }
}
