import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-day sequence behind reference numbers (YX-20201017-0042). It lives in the database
 * so that several app instances never hand out the same number.
 */
@Entity('reference_counter')
export class ReferenceCounter {
  /** e.g. "YX-20201017" */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  prefix: string;

  @Column({ type: 'integer' })
  value: number;
}
