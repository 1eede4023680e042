import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { County } from '../counties/county.entity';
import { TIMESTAMP } from '../database/engine';
import { Fair } from '../fairs/fair.entity';
import { DONATION_TEXT_LIMITS as L } from './donation-limits';
import type { ProjectKind } from './project-kinds';
import type { ProjectStatus } from './project-status';

/** 认领: claimed whole by one donor; 认捐: funded by shares from many. */
export const CLAIM_MODES = ['whole', 'shares'] as const;
export type ClaimMode = (typeof CLAIM_MODES)[number];

/**
 * 需认领认捐的扶贫项目: a project a county's leading group compiles for one fair's campaign.
 * Its money figures are never stored here: pledged, received and disbursed are summed from
 * the pledges, the (not voided) receipts and the disbursements, so they cannot drift.
 */
@Entity('donation_project')
@Index('IDX_donation_project_fair_status', ['fairId', 'status'])
@Index('IDX_donation_project_county_status', ['countyId', 'status'])
export class DonationProject extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Column({ type: 'integer' })
  countyId: number;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: County;

  /** 乡镇 */
  @Column({ type: 'varchar', length: L.township })
  township: string;

  /** 村 (optional: some projects serve a whole township). */
  @Column({ type: 'varchar', length: L.village, nullable: true })
  village: string | null;

  @Column({ type: 'varchar', length: L.title })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ProjectKind;

  @Column({ type: 'text', default: '' })
  description: string;

  /** 所需金额 in fen; null for a goods project that asks only for items. */
  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_FEN })
  soughtFen: number | null;

  /** 所需物资: the items and quantities a goods project seeks, one per line. */
  @Column({ type: 'varchar', length: L.goodsSought, nullable: true })
  goodsSought: string | null;

  /** 受益户数 */
  @Column({ type: 'integer', nullable: true })
  beneficiaryHouseholds: number | null;

  /** 受益人数 */
  @Column({ type: 'integer', nullable: true })
  beneficiaryPeople: number | null;

  /** 联系单位 */
  @Column({ type: 'varchar', length: L.contactOffice })
  contactOffice: string;

  /** 联系电话 of the office (an office line, shown publicly). */
  @Column({ type: 'varchar', length: L.contactPhone, nullable: true })
  contactPhone: string | null;

  /** 截止日期, YYYY-MM-DD. */
  @Column({ type: 'date' })
  deadline: string;

  /** Storage key of the project's image (the products' image storage), if any. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  imageKey: string | null;

  /** whole: one donor claims it (认领); shares: many donors fund it (认捐). */
  @Column({ type: 'varchar', length: 10, default: 'shares' })
  claimMode: ClaimMode;

  /** Whether the office may put undirected (不定向) fund money towards it. */
  @Column({ type: 'boolean', default: true })
  acceptsUndirected: boolean;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: ProjectStatus;

  /** Why the organiser returned it (shown to the county), null otherwise. */
  @Column({ type: 'varchar', length: L.returnReason, nullable: true })
  returnReason: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  publishedAt: Date | null;

  /** The pledge that claimed it whole (认领), if any: the project then shows as 已认领. */
  @Column({ type: 'integer', nullable: true })
  claimedByPledgeId: number | null;
}
