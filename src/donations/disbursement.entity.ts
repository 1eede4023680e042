import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { County } from '../counties/county.entity';
import { DonationProject } from './donation-project.entity';
import { DONATION_TEXT_LIMITS as L } from './donation-limits';

/** 资金使用 (谁使用、谁公开): money a county paid out of a project's received donations. */
@Entity('donation_disbursement')
export class Disbursement extends BaseEntity {
  @Index('IDX_donation_disbursement_project')
  @Column({ type: 'integer' })
  projectId: number;

  @ManyToOne(() => DonationProject, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'projectId' })
  project?: DonationProject;

  @Column({ type: 'integer' })
  countyId: number;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: County;

  @Column({ type: 'bigint', transformer: BIGINT_FEN })
  amountFen: number;

  /** 支付日期, YYYY-MM-DD. */
  @Column({ type: 'date' })
  paidOn: string;

  /** 收款方 */
  @Column({ type: 'varchar', length: L.payee })
  payee: string;

  /** 用途 */
  @Column({ type: 'varchar', length: L.purpose })
  purpose: string;

  /** A payment voucher scan (PDF/JPEG/PNG) in the file storage, if any. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  attachmentKey: string | null;

  @Column({ type: 'varchar', length: L.fileName, nullable: true })
  attachmentName: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  attachmentType: string | null;

  @Column({ type: 'integer', nullable: true })
  recordedById: number | null;
}
