import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Product } from '../products/product.entity';
import { Fair } from './fair.entity';

/**
 * 参展产品: a county's published product taking part in one fair. Products are the county's
 * and kept across years; each fair has its own listing, and the minimum counts it.
 */
@Entity('fair_listing')
@Index('UQ_fair_listing_fair_product', ['fairId', 'productId'], { unique: true })
export class FairListing extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Index('IDX_fair_listing_product')
  @Column({ type: 'integer' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;
}
