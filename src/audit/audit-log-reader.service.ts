import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { likeContaining } from '../common/like';
import { AuditLog } from './audit-log.entity';

/** The audit viewer's filters; dates are instants (the controller reads the days in CST). */
export interface AuditFilter {
  /** Part of the username, any case. */
  username?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** The organiser's log page's queries over the audit log (the writer is AuditService). */
@Injectable()
export class AuditLogReader {
  constructor(@InjectRepository(AuditLog) private readonly repo: Repository<AuditLog>) {}

  /**
   * The viewer's page of entries, newest first. The action, entity and date filters use the
   * indexes on action, (entityType, entityId) and createdAt; "username contains" cannot use
   * an index and filters the rows the others leave.
   */
  async list(filter: AuditFilter, page: number, pageSize: number): Promise<{ items: AuditLog[]; total: number }> {
    const qb = this.repo.createQueryBuilder('a');
    if (filter.username) {
      const pattern = likeContaining(filter.username);
      // LOWER() on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
      qb.andWhere(`LOWER(a.username) LIKE LOWER(:pattern) ESCAPE '\\'`, { pattern });
    }
    if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.entityType) qb.andWhere('a.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
    if (filter.from) qb.andWhere('a.createdAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.createdAt < :to', { to: filter.to });
    const [items, total] = await qb
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** The action codes and entity types present in the log, for the viewer's selects (each read from its index). */
  async presentValues(): Promise<{ actions: string[]; entityTypes: string[] }> {
    const [actions, types] = await Promise.all([
      this.repo.createQueryBuilder('a').select('a.action', 'v').groupBy('a.action').orderBy('a.action', 'ASC').getRawMany<{ v: string }>(),
      this.repo
        .createQueryBuilder('a')
        .select('a.entityType', 'v')
        .groupBy('a.entityType')
        .orderBy('a.entityType', 'ASC')
        .getRawMany<{ v: string }>(),
    ]);
    return { actions: actions.map((r) => r.v), entityTypes: types.map((r) => r.v) };
  }
}
