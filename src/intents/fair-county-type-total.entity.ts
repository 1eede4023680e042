import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { County } from '../counties/county.entity';
import { Fair } from '../fairs/fair.entity';

/**
 * A fair's figures per county (of the products) and buyer type, counted intents only, kept by
 * FairAggregatesService: intents and units are those with at least one line on the county's
 * products, so a county's figures are the sums over its types.
 */
@Entity('fair_county_type_total')
@Index('UQ_fair_county_type_total_key', ['fairId', 'countyId', 'buyerType'], { unique: true })
export class FairCountyTypeTotal extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Column({ type: 'integer' })
  countyId: number;

  @ManyToOne(() => County, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'countyId' })
  county?: County;

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
