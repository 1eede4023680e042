import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { Fair } from '../fairs/fair.entity';
import type { IntentStatus } from './intent-status';
import { IntentLine } from './intent-line.entity';
import { INTENT_TEXT_LIMITS } from './intent-limits';

/** 采购意向: one buyer unit's submitted purchase intent. */
@Entity('intent')
@Index('IDX_intent_fair_status_submitted', ['fairId', 'status', 'submittedAt'])
export class Intent extends BaseEntity {
  /** Human-readable reference, e.g. YX-20201017-0042. */
  @Index('UQ_intent_reference_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  referenceNo: string;

  /** The fair the intent was registered for; its figures count there only. */
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Index('IDX_intent_buyer_unit')
  @Column({ type: 'integer' })
  buyerUnitId: number;

  @ManyToOne(() => BuyerUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: BuyerUnit;

  @Column({ type: 'varchar', length: 20, default: 'submitted' })
  status: IntentStatus;

  /** Why the organiser cancelled or reopened it, or why the unit withdrew. */
  @Column({ type: 'varchar', length: INTENT_TEXT_LIMITS.statusReason, nullable: true })
  statusReason: string | null;

  /** 期望交货时间 (YYYY-MM-DD). */
  @Column({ type: 'date', nullable: true })
  desiredDeliveryDate: string | null;

  @Column({ type: 'varchar', length: INTENT_TEXT_LIMITS.contactName })
  contactName: string;

  @Column({ type: 'varchar', length: 20 })
  contactPhone: string;

  @Column({ type: 'varchar', length: INTENT_TEXT_LIMITS.note, default: '' })
  note: string;

  /** Sent with the submission form; the unique index makes a resubmission find the first intent. */
  @Index('UQ_intent_idempotency_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Column({ type: TIMESTAMP })
  submittedAt: Date;

  @OneToMany(() => IntentLine, (line) => line.intent)
  lines?: IntentLine[];
}
