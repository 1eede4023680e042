import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { SessionRecord } from '../auth/session.entity';
import { BaseEntity } from '../common/base.entity';
import { Fair } from '../fairs/fair.entity';
import { Product } from '../products/product.entity';

/**
 * One line of an intent list (意向清单, like a shopping cart), held in the database so it
 * survives reloads, restarts and a change of device. It belongs either to a buyer unit
 * (shared by the unit's accounts) or, before log-in, to the visitor's session; at log-in the
 * visitor's lines move to the unit.
 */
@Entity('intent_list_item')
@Index('UQ_intent_list_fair_unit_product', ['fairId', 'buyerUnitId', 'productId'], { unique: true })
@Index('UQ_intent_list_fair_visitor_product', ['fairId', 'visitorSessionId', 'productId'], { unique: true })
export class IntentListItem extends BaseEntity {
  /** A list is for one fair: next year's fair starts with an empty list. */
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  /**
   * The visitor's session id. A visitor's list lives exactly as long as the session: the
   * database deletes it with the session row (expired and pruned, logged out, or replaced
   * at log-in), so anonymous lists never pile up.
   */
  @Column({ type: 'varchar', length: 128, nullable: true })
  visitorSessionId: string | null;

  @ManyToOne(() => SessionRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visitorSessionId', referencedColumnName: 'sid' })
  visitorSession?: SessionRecord;

  @Index('IDX_intent_list_product')
  @Column({ type: 'integer' })
  productId: number;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Column({ type: 'integer' })
  quantity: number;
}
