import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Product } from '../products/product.entity';

/**
 * One line of an intent list (意向清单, like a shopping cart), held in the database so it
 * survives reloads, restarts and a change of device. It belongs either to a buyer unit
 * (shared by the unit's accounts) or, before log-in, to a visitor's random key kept in the
 * session; at log-in the visitor's lines move to the unit.
 */
@Entity('intent_list_item')
@Index('UQ_intent_list_unit_product', ['buyerUnitId', 'productId'], { unique: true })
@Index('UQ_intent_list_visitor_product', ['visitorKey', 'productId'], { unique: true })
export class IntentListItem extends BaseEntity {
  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  visitorKey: string | null;

  @Index('IDX_intent_list_product')
  @Column({ type: 'integer' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Column({ type: 'integer' })
  quantity: number;
}
