import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../database/engine';

/** Field-level change: before and after. */
export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/** Who did what to which record, and when. Rows are only ever added. */
@Entity('audit_log')
@Index('IDX_audit_log_entity', ['entityType', 'entityId'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_audit_log_user')
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  /** Kept as text so the entry still reads right if the account is renamed. */
  @Column({ type: 'varchar', length: 50 })
  username: string;

  /** e.g. product.create, intent.withdraw, auth.login */
  @Index('IDX_audit_log_action')
  @Column({ type: 'varchar', length: 50 })
  action: string;

  @Column({ type: 'varchar', length: 50 })
  entityType: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  entityId: string | null;

  @Column({ type: 'simple-json', nullable: true })
  changes: AuditChanges | null;

  @Index('IDX_audit_log_created')
  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
