import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { County } from '../counties/county.entity';
import { TIMESTAMP } from '../database/engine';
import { Fair } from '../fairs/fair.entity';
import { DonationProject } from './donation-project.entity';
import { DONATION_TEXT_LIMITS as L } from './donation-limits';
import type { DonorKind } from './donor-kinds';
import { Pledge } from './pledge.entity';

/**
 * 到账捐款 and its 捐赠票据: money an office has actually received (全额到账), against a pledge
 * or without one. Only receipts that are not voided count anywhere as received. A voided
 * receipt keeps its number (票据号 are never reused or skipped) with the reason.
 */
@Entity('donation_receipt')
@Index('IDX_donation_receipt_fair_office', ['fairId', 'office'])
@Index('UQ_donation_receipt_office_bank_ref', ['office', 'bankReference'], { unique: true })
export class DonationReceipt extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  /** The issuing office: 'city' or the county's division code (see donation-office.ts). */
  @Column({ type: 'varchar', length: 10 })
  office: string;

  /** The county whose office issued it; null for the city office. */
  @Index('IDX_donation_receipt_county')
  @Column({ type: 'integer', nullable: true })
  countyId: number | null;

  @ManyToOne(() => County, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'countyId' })
  county?: County | null;

  /** 票据号, gap-free per issuing office: from the shared reference counter inside the insert's transaction. */
  @Index('UQ_donation_receipt_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  receiptNo: string;

  @Index('IDX_donation_receipt_pledge')
  @Column({ type: 'integer', nullable: true })
  pledgeId: number | null;

  @ManyToOne(() => Pledge, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'pledgeId' })
  pledge?: Pledge | null;

  /** The project it funds; null for money to a county's or the city's fund. */
  @Index('IDX_donation_receipt_project')
  @Column({ type: 'integer', nullable: true })
  projectId: number | null;

  @ManyToOne(() => DonationProject, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'projectId' })
  project?: DonationProject | null;

  @Column({ type: 'varchar', length: 20 })
  donorKind: DonorKind;

  @Column({ type: 'varchar', length: L.donorName })
  donorName: string;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'bigint', transformer: BIGINT_FEN })
  amountFen: number;

  /** 到账日期, YYYY-MM-DD. */
  @Column({ type: 'date' })
  receivedOn: string;

  /** 银行流水号; unique per office where given (NULLs never collide). */
  @Column({ type: 'varchar', length: L.bankReference, nullable: true })
  bankReference: string | null;

  @Column({ type: 'integer', nullable: true })
  recordedById: number | null;

  @Column({ type: TIMESTAMP, nullable: true })
  voidedAt: Date | null;

  @Column({ type: 'varchar', length: L.voidReason, nullable: true })
  voidReason: string | null;

  @Column({ type: 'integer', nullable: true })
  voidedById: number | null;
}
