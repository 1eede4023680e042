import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { TIMESTAMP } from '../database/engine';
import { FAIR_TEXT_LIMITS } from './fair-limits';
import type { FairStatus } from './fair-status';

/** 展销会: one edition of the fair (the 2020 全国扶贫日 fair, the 2021 one…). */
@Entity('fair')
export class Fair extends BaseEntity {
  @Column({ type: 'varchar', length: FAIR_TEXT_LIMITS.name })
  name: string;

  /** YYYY-MM-DD; 17 October is 全国扶贫日. */
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: FAIR_TEXT_LIMITS.venue, nullable: true })
  venue: string | null;

  /** After this instant buyer units can no longer change their intents. */
  @Column({ type: TIMESTAMP, nullable: true })
  intentDeadline: Date | null;

  /** Default minimum of listed products for a newly added county. */
  @Column({ type: 'integer', default: 20 })
  minimumProducts: number;

  @Column({ type: 'varchar', length: 20, default: 'preparing' })
  status: FairStatus;

  /**
   * true for the one current fair, NULL for every other: the unique index then allows
   * exactly one true (NULLs never collide), on both engines, without a partial index.
   */
  @Index('UQ_fair_current', { unique: true })
  @Column({ type: 'boolean', nullable: true })
  current: true | null;

  /**
   * The fair this one was created from (the current one at the time): its listing is what
   * each county is offered to carry over in one step. NULL for the first fair.
   */
  @Column({ type: 'integer', nullable: true })
  previousFairId: number | null;

  @ManyToOne(() => Fair, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'previousFairId' })
  previousFair?: Fair | null;
}
