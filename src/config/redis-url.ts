import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Whether `value` is a URL ioredis can connect to: redis:// or rediss://, with a host and a valid port. */
export function isRedisUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const database = url.pathname.replace(/^\//, '');
  return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^\d*$/.test(database);
}

/**
 * REDIS_URL must be a Redis URL. Said in both languages: the people who deploy read
 * either, and a malformed URL would otherwise surface only as connection errors later.
 */
export const IsRedisUrl = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRedisUrl',
      validator: {
        validate: isRedisUrl,
        defaultMessage: () =>
          'REDIS_URL 格式不正确，应为 redis://主机:端口[/库号]（TLS 用 rediss://）; ' +
          'REDIS_URL must look like redis://host:6379[/db] (rediss:// for TLS), e.g. redis://127.0.0.1:6379',
      },
    },
    options,
  );
