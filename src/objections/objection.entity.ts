import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { DonationProject } from '../donations/donation-project.entity';
import { DonationReceipt } from '../donations/donation-receipt.entity';
import { Fair } from '../fairs/fair.entity';
import { Product } from '../products/product.entity';
import { OBJECTION_TEXT_LIMITS } from './objection-limits';

export const OBJECTION_SUBJECTS = ['product', 'figure', 'project', 'donation'] as const;
export const OBJECTION_STATUSES = ['open', 'answered', 'closed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** 异议: anyone's objection to a listed product or a published figure (接受社会监督). */
@Entity('objection')
@Index('IDX_objection_status_created', ['status', 'createdAt'])
export class Objection extends BaseEntity {
  /** The fair that was current when it was raised: its organiser answers it. */
  @Index('IDX_objection_fair')
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  /** 'product', 'figure' (a published total), 'project' (认领认捐项目) or 'donation' (a received donation). */
  @Column({ type: 'varchar', length: 20 })
  subjectType: string;

  @Index('IDX_objection_product')
  @Column({ type: 'integer', nullable: true })
  productId: number | null;

  @ManyToOne(() => Product, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'productId' })
  product?: Product | null;

  @Index('IDX_objection_project')
  @Column({ type: 'integer', nullable: true })
  projectId: number | null;

  @ManyToOne(() => DonationProject, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'projectId' })
  project?: DonationProject | null;

  /** The received donation (by its receipt) the objection is about. */
  @Column({ type: 'integer', nullable: true })
  donationReceiptId: number | null;

  @ManyToOne(() => DonationReceipt, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'donationReceiptId' })
  donationReceipt?: DonationReceipt | null;

  /** Which figure, when the objection is about a published total. */
  @Column({ type: 'varchar', length: OBJECTION_TEXT_LIMITS.subject, nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  text: string;

  /** Optional; never shown publicly. */
  @Column({ type: 'varchar', length: OBJECTION_TEXT_LIMITS.contact, nullable: true })
  contact: string | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  answeredById: number | null;
}
