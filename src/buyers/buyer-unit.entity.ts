import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { BUYER_UNIT_TEXT_LIMITS } from './buyer-unit-limits';
import type { BuyerUnitType } from './buyer-unit-types';

/** 采购单位: a hospital, school, canteen, enterprise… that registers purchase intents. */
@Entity('buyer_unit')
export class BuyerUnit extends BaseEntity {
  @Column({ type: 'varchar', length: BUYER_UNIT_TEXT_LIMITS.name })
  name: string;

  @Index('IDX_buyer_unit_type')
  @Column({ type: 'varchar', length: 20 })
  type: BuyerUnitType;

  /** 统一社会信用代码, normalised to upper case; unique: a unit registers once. */
  @Index('UQ_buyer_unit_credit_code', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  creditCode: string;

  /** The organiser accepted a code that fails the check character (recorded in the audit log). */
  @Column({ type: 'boolean', default: false })
  creditCodeCheckWaived: boolean;

  @Column({ type: 'varchar', length: BUYER_UNIT_TEXT_LIMITS.contactName })
  contactName: string;

  /** 11-digit mainland mobile number. */
  @Column({ type: 'varchar', length: 11 })
  mobile: string;

  @Column({ type: 'varchar', length: BUYER_UNIT_TEXT_LIMITS.address })
  address: string;

  /** Shown as 匿名单位 on public lists (爱心榜) when true. */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** A disabled unit cannot log in or submit intents. */
  @Column({ type: 'boolean', default: false })
  disabled: boolean;
}
