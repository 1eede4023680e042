import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { Fair } from '../fairs/fair.entity';

/**
 * A fair's figures per buyer type (counted intents only), kept by FairAggregatesService.
 * Types split the units into disjoint groups, so the fair's totals are the sums of these rows.
 */
@Entity('fair_type_total')
@Index('UQ_fair_type_total_fair_type', ['fairId', 'buyerType'], { unique: true })
export class FairTypeTotal extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Column({ type: 'varchar', length: 20 })
  buyerType: string;

  @Column({ type: 'integer', default: 0 })
  intents: number;

  @Column({ type: 'integer', default: 0 })
  buyerUnits: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  quantity: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  intendedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  signedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  deliveredFen: number;
}
