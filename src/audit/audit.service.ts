import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { likeContaining } from '../common/like';
import { AuditLog, type AuditChanges } from './audit-log.entity';

export interface AuditActor {
  id: number | null;
  username: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system' };

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

/** Field-by-field difference of two plain records, for the audit log. */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null, fields: string[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const f of fields) {
    const b = before?.[f] ?? null;
    const a = after?.[f] ?? null;
    const same = b instanceof Date && a instanceof Date ? b.getTime() === a.getTime() : JSON.stringify(b) === JSON.stringify(a);
    if (!same) changes[f] = { before: b, after: a };
  }
  return changes;
}

/** Appends to the audit log; pass the transaction's manager so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly repo: Repository<AuditLog>) {}

  async record(
    actor: SessionUser | AuditActor,
    action: string,
    entity: { type: string; id: string | number | null },
    changes: AuditChanges | null = null,
    manager?: EntityManager,
  ): Promise<void> {
    const repo = manager ? manager.getRepository(AuditLog) : this.repo;
    // save() rather than insert(): insert's typing rejects simple-json values.
    await repo.save(
      repo.create({
        userId: actor.id,
        username: actor.username,
        action,
        entityType: entity.type,
        entityId: entity.id === null ? null : String(entity.id),
        changes: changes && Object.keys(changes).length > 0 ? changes : null,
      }),
    );
  }

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

  /** One record's history, oldest first. */
  forEntity(type: string, id: string | number): Promise<AuditLog[]> {
    return this.repo.find({ where: { entityType: type, entityId: String(id) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
