import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

/**
 * Logs failed queries and schema/migration messages, never query parameters: parameters
 * carry user data (names, phone numbers) and password hashes. Unique-key conflicts are an
 * expected outcome (idempotent submissions, races on registration) and are handled by the
 * services, so they are logged at debug level only.
 */
export class QueryErrorLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = `${error instanceof Error ? error.message : error} — in: ${query.slice(0, 300)}`;
    if (isUniqueViolation(error)) this.logger.debug(message);
    else this.logger.error(message);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.slice(0, 300)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
