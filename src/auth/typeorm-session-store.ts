import session from 'express-session';
import { LessThan, type DataSource, type Repository } from 'typeorm';
import { SessionRecord } from './session.entity';

const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/** Extending a session's expiry more often than this is not worth a database write. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
const PRUNE_INTERVAL_MS = 15 * 60 * 1000;

/**
 * express-session store over the `session` table, so that sessions survive restarts and
 * are shared by every instance (no published store supports TypeORM 1.x).
 */
export class TypeormSessionStore extends session.Store {
  private readonly repo: Repository<SessionRecord>;
  /** Last time each sid's expiry was written; only saves writes, never decides anything. */
  private readonly touched = new Map<string, number>();
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(dataSource: DataSource) {
    super();
    this.repo = dataSource.getRepository(SessionRecord);
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  close(): void {
    clearInterval(this.pruneTimer);
  }

  private expiry(sess: session.SessionData): Date {
    const expires = sess.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + DEFAULT_TTL_MS);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.repo
      .findOneBy({ sid })
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return callback(null, null);
        callback(null, JSON.parse(row.data) as session.SessionData);
      })
      .catch((err) => callback(err));
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.repo
      .upsert({ sid, data: JSON.stringify(sess), expiresAt: this.expiry(sess) }, ['sid'])
      .then(() => {
        this.touched.set(sid, Date.now());
        callback?.();
      })
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.repo
      .delete({ sid })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const last = this.touched.get(sid) ?? 0;
    if (Date.now() - last < TOUCH_INTERVAL_MS) return callback?.();
    if (this.touched.size > 50_000) this.touched.clear();
    this.touched.set(sid, Date.now());
    this.repo
      .update({ sid }, { expiresAt: this.expiry(sess) })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /** Deletes expired sessions; runs on a timer (which outlives a closed database in tests: then it does nothing). */
  async prune(): Promise<number> {
    if (!this.repo.manager.connection.isInitialized) return 0;
    const result = await this.repo.delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
