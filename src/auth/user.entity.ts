import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { ACCOUNT_TEXT_LIMITS } from './account-limits';
import type { Role } from './roles';

/*
 * The county and the buyer unit are named by entity name, not imported: auth sits below the
 * features and must not depend on them. The relations stay (they make the foreign keys, and
 * UsersService joins them); the types below are only the fields auth reads.
 */
interface UserCounty {
  id: number;
  name: string;
}
interface UserBuyerUnit {
  id: number;
  name: string;
  disabled: boolean;
}

/**
 * An account: the organiser, a county operator (tied to one county) or a buyer unit's user.
 * Usernames are stored canonical (see username.ts); the check keeps them in lower case, so
 * that the unique index refuses "Wang" beside "wang" on both engines.
 */
@Entity('user')
@Check('CHK_user_username_lower_case', `"username" = LOWER("username")`)
export class User extends BaseEntity {
  @Index('UQ_user_username', { unique: true })
  @Column({ type: 'varchar', length: ACCOUNT_TEXT_LIMITS.username })
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

  @ManyToOne('County', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: UserCounty | null;

  @Index('IDX_user_buyer_unit')
  @Column({ type: 'integer', nullable: true })
  buyerUnitId: number | null;

  @ManyToOne('BuyerUnit', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'buyerUnitId' })
  buyerUnit?: UserBuyerUnit | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: TIMESTAMP, nullable: true })
  lastLoginAt: Date | null;
}
