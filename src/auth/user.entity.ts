import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { County } from '../counties/county.entity';
import { BuyerUnit } from '../buyers/buyer-unit.entity';
import type { Role } from './roles';

/**
 * An account: the organiser, a county operator (tied to one county) or a buyer unit's user.
 * Usernames are stored canonical (see username.ts); the check keeps them in lower case, so
 * that the unique index refuses "Wang" beside "wang" on both engines.
 */
@Entity('user')
@Check('CHK_user_username_lower_case', `"username" = LOWER("username")`)
export class User extends BaseEntity {
  @Index('UQ_user_username', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  username: string;

  /** scrypt$N$r$p$salt$hash (see password.ts). */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Index('IDX_user_county')
  @Column({ type: 'integer', nullable: true })
  countyId: number | null;

  @ManyToOne(() => County, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: County | null;

  @Index('IDX_user_buyer_unit')
  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  @ManyToOne(() => BuyerUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: BuyerUnit | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: TIMESTAMP, nullable: true })
  lastLoginAt: Date | null;
}
