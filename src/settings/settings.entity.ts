import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from '../database/engine';

/** The fair's settings: a single row with id 1. */
@Entity('settings')
export class Settings {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  fairName: string;

  /** YYYY-MM-DD; 17 October is 全国扶贫日. */
  @Column({ type: 'date' })
  fairDate: string;

  /** After this instant buyer units can no longer change their intents. */
  @Column({ type: TIMESTAMP, nullable: true })
  intentDeadline: Date | null;

  /** Default minimum of published products for a newly added county. */
  @Column({ type: 'integer', default: 20 })
  minimumProducts: number;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
