import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/engine';

/** An express-session session, kept in the database so that every app instance sees it. */
@Entity('session')
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Column({ type: 'text' })
  data: string;

  @Index('IDX_session_expires')
  @Column({ type: TIMESTAMP })
  expiresAt: Date;
}
