import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Product } from '../products/product.entity';
import { Intent } from './intent.entity';

/**
 * One product on an intent. Intended (意向), signed (签约) and delivered (成交) quantities
 * are kept apart, as published fair reports keep them apart.
 */
@Entity('intent_line')
@Index('UQ_intent_line_product', ['intentId', 'productId'], { unique: true })
export class IntentLine extends BaseEntity {
  @Column({ type: 'integer' })
  intentId: number;

  @ManyToOne(() => Intent, (intent) => intent.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intentId' })
  // Relation<> keeps the decorator metadata from referencing Intent while the two files load each other.
  intent?: Relation<Intent>;

  @Index('IDX_intent_line_product')
  @Column({ type: 'integer' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Column({ type: 'integer' })
  quantity: number;

  /** The product's price at the moment of submission, in fen. */
  @Column({ type: 'integer' })
  unitPriceFen: number;

  @Column({ type: 'integer', nullable: true })
  signedQuantity: number | null;

  @Column({ type: 'integer', nullable: true })
  deliveredQuantity: number | null;
}
