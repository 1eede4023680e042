import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { Fair } from '../fairs/fair.entity';

/**
 * The organiser's due date for a fair's summaries. Without a row the due date is three days
 * after the fair (the 2020 plan: fair on 17 October, summaries by 20 October).
 */
@Entity('summary_due_date')
export class SummaryDueDate extends BaseEntity {
  @Index('UQ_summary_due_date_fair', { unique: true })
  @Column({ type: 'integer' })
  fairId: number;

  @ManyToOne(() => Fair, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fairId' })
  fair?: Fair;

  /** YYYY-MM-DD; submissions close at the end of that day, China Standard Time. */
  @Column({ type: 'date' })
  dueDate: string;
}
