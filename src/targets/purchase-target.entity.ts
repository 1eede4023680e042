import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { BuyerUnitType } from '../buyers/buyer-unit-types';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import { BaseEntity } from '../common/base.entity';
import { BIGINT_FEN } from '../common/bigint-fen';
import { Fair } from '../fairs/fair.entity';

/**
 * 认购目标: the amount a unit (帮扶单位, 市直机关, 国企…) is asked to buy at one fair. The
 * organiser assigns it by credit code, whether or not the unit has registered yet; the unit
 * is attached when it registers (see TargetsService.attachRegisteredUnit).
 */
@Entity('purchase_target')
@Index('UQ_purchase_target_fair_credit_code', ['fairId', 'creditCode'], { unique: true })
export class PurchaseTarget extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  /** 统一社会信用代码, normalised to upper case and checked like a registration's. */
  @Index('IDX_purchase_target_credit_code')
  @Column({ type: 'varchar', length: 18 })
  creditCode: string;

  /** The name the organiser's list gives (the registered unit may spell it otherwise). */
  @Column({ type: 'varchar', length: 100 })
  unitName: string;

  @Column({ type: 'varchar', length: 20 })
  unitType: BuyerUnitType;

  /** The target in integer fen, > 0. */
  @Column({ type: 'bigint', transformer: BIGINT_FEN })
  targetFen: number;

  /** The registered unit with this credit code; null until it registers. */
  @Index('IDX_purchase_target_buyer_unit')
  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  @ManyToOne(() => BuyerUnit, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: BuyerUnit | null;
}
