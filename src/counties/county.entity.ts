import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../common/base.entity';

/** 县区: a county-level division that lists products for the fair. */
@Entity('county')
export class County extends BaseEntity {
  /** Administrative division code, e.g. 341321 for 砀山县. */
  @Index('UQ_county_code', { unique: true })
  @Column({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** Published products the county must list (the plan's "at least 20"). */
  @Column({ type: 'integer', default: 20 })
  minimumProducts: number;
}
