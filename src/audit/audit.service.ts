import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AuditLog, type AuditChanges } from './audit-log.entity';

export interface AuditActor {
  id: number | null;
  username: string;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system' };

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

/**
 * Appends to the audit log (pass the transaction's manager so the entry commits with the
 * change) and reads one record's history. The organiser's log page reads through AuditLogReader.
 */
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

  /** One record's history, oldest first. */
  forEntity(type: string, id: string | number): Promise<AuditLog[]> {
    return this.repo.find({ where: { entityType: type, entityId: String(id) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
