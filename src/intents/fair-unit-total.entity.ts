import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { Fair } from '../fairs/fair.entity';

/**
 * One buyer unit's contribution to one fair's figures (counted intents only), kept by
 * FairAggregatesService in the transaction of every intent write. It feeds the 爱心榜 and the
 * exports' 按单位 sheet. A row whose intents fall to 0 stays (its updatedAt tells 公示 that a
 * withdrawal changed the figures) but is left off every list.
 */
@Entity('fair_unit_total')
@Index('UQ_fair_unit_total_fair_unit', ['fairId', 'buyerUnitId'], { unique: true })
@Index('IDX_fair_unit_total_ranking', ['fairId', 'intendedFen'])
export class FairUnitTotal extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Index('IDX_fair_unit_total_buyer_unit')
  @Column({ type: 'integer' })
  buyerUnitId: number;

  @ManyToOne(() => BuyerUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: BuyerUnit;

  /** Counted intents of the unit that have at least one line. */
  @Column({ type: 'integer', default: 0 })
  intents: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  quantity: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  intendedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  signedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  deliveredFen: number;
}
