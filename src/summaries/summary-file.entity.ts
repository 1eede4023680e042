import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { County } from '../counties/county.entity';
import { Fair } from '../fairs/fair.entity';
import { SUMMARY_LIMITS } from './summary-limits';
import type { SummaryFileKind, SummaryFileType } from './summary-file-types';

/**
 * One file of a county's summary for a fair: the written summary or an activity photo. The
 * bytes live in SummaryFileStorage under `storageKey`; createdAt is when it was submitted.
 */
@Entity('summary_file')
@Index('IDX_summary_file_fair_county', ['fairId', 'countyId'])
export class SummaryFile extends BaseEntity {
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  @Index('IDX_summary_file_county')
  @Column({ type: 'integer' })
  countyId: number;

  @ManyToOne(() => County, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'countyId' })
  county?: County;

  /** document | photo */
  @Column({ type: 'varchar', length: 20 })
  kind: SummaryFileKind;

  /** The name the county's file had (path parts and control characters removed). */
  @Column({ type: 'varchar', length: SUMMARY_LIMITS.fileName })
  fileName: string;

  /** pdf | docx | jpeg | png, recognised from the bytes. */
  @Column({ type: 'varchar', length: 10 })
  fileType: SummaryFileType;

  /** Bytes. */
  @Column({ type: 'integer' })
  size: number;

  @Index('UQ_summary_file_storage_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  storageKey: string;
}
