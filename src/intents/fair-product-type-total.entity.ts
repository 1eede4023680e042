import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { Fair } from '../fairs/fair.entity';
import { Product } from '../products/product.entity';

/**
 * A fair's demand per product and buyer type (counted intents only), kept by
 * FairAggregatesService, for the dashboard's over-subscription (demand against 可供量).
 */
@Entity('fair_product_type_total')
@Index('UQ_fair_product_type_total_key', ['fairId', 'productId', 'buyerType'], { unique: true })
export class FairProductTypeTotal extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Index('IDX_fair_product_type_total_product')
  @Column({ type: 'integer' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Column({ type: 'varchar', length: 20 })
  buyerType: string;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  quantity: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  intendedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  signedFen: number;

  @Column({ type: 'bigint', default: 0, transformer: BIGINT_FEN })
  deliveredFen: number;
}
