import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { County } from '../counties/county.entity';
import { TIMESTAMP } from '../database/engine';
import { Fair } from '../fairs/fair.entity';
import { DonationProject } from './donation-project.entity';
import { DONATION_TEXT_LIMITS as L } from './donation-limits';
import type { DonorKind } from './donor-kinds';

export const PLEDGE_STATUSES = ['open', 'cancelled'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

/**
 * 认捐/认领: a promise to give. Directed (定向) to a project, or undirected (不定向) to a
 * county's fund (projectId null, countyId set) or the city's fund (both null). A pledge is
 * not money: only receipts count as received.
 */
@Entity('donation_pledge')
@Index('IDX_donation_pledge_fair_county', ['fairId', 'countyId'])
export class Pledge extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  /** RJ-20201017-0001, from the shared reference counter. */
  @Index('UQ_donation_pledge_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  pledgeNo: string;

  @Index('IDX_donation_pledge_project')
  @Column({ type: 'integer', nullable: true })
  projectId: number | null;

  @ManyToOne(() => DonationProject, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'projectId' })
  project?: DonationProject | null;

  /** The county whose office receives it: the project's county, or the county fund chosen; null = the city. */
  @Column({ type: 'integer', nullable: true })
  countyId: number | null;

  @ManyToOne(() => County, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'countyId' })
  county?: County | null;

  /** true when a unit claims the whole project (认领). */
  @Column({ type: 'boolean', default: false })
  claim: boolean;

  @Column({ type: 'varchar', length: 20 })
  donorKind: DonorKind;

  /** The registered unit that pledged from its account, if any. */
  @Index('IDX_donation_pledge_buyer_unit')
  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  @ManyToOne(() => BuyerUnit, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: BuyerUnit | null;

  @Column({ type: 'varchar', length: L.donorName })
  donorName: string;

  /** Never shown publicly. */
  @Column({ type: 'varchar', length: L.donorPhone, nullable: true })
  donorPhone: string | null;

  @Column({ type: 'varchar', length: L.message, nullable: true })
  message: string | null;

  /** The donor chose not to be named publicly: every public page and the API say 匿名. */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'bigint', transformer: BIGINT_FEN })
  amountFen: number;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: PledgeStatus;

  @Column({ type: TIMESTAMP, nullable: true })
  cancelledAt: Date | null;

  /**
   * A random token in the link the public form's donor keeps (the pledge page shows where
   * and how to pay); null for a unit's pledge, which its account shows.
   */
  @Index('UQ_donation_pledge_access_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  accessToken: string | null;
}
