import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { Settings } from './settings.entity';

/** Defaults for a fresh installation: the 2020 fair on 全国扶贫日. */
export const DEFAULT_SETTINGS: Omit<Settings, 'updatedAt'> = {
  id: 1,
  fairName: '宿州市2020年扶贫日消费扶贫展销会',
  fairDate: '2020-10-17',
  intentDeadline: null,
  minimumProducts: 20,
};

/** What the audit entry of a change lists. */
const AUDITED_FIELDS = ['fairName', 'fairDate', 'intentDeadline', 'minimumProducts'];

@Injectable()
export class SettingsService {
  /** The layout's copy (fair name and date on every page), kept a few seconds per instance. */
  private layoutCopy: { value: Settings; until: number } | null = null;

  constructor(
    @InjectRepository(Settings) private readonly repo: Repository<Settings>,
    private readonly audit: AuditService,
  ) {}

  /**
   * For the page layout only (fair name and date): read at most every 5 s per instance. Rules
   * such as the intent deadline always read get(), so a change applies at once.
   */
  async forLayout(): Promise<Settings> {
    if (this.layoutCopy && this.layoutCopy.until > Date.now()) return this.layoutCopy.value;
    const value = await this.get();
    this.layoutCopy = { value, until: Date.now() + 5_000 };
    return value;
  }

  /** The settings row; the defaults when none has been saved yet. */
  async get(): Promise<Settings> {
    return (await this.repo.findOneBy({ id: 1 })) ?? ({ ...DEFAULT_SETTINGS, updatedAt: new Date(0) } as Settings);
  }

  /** True once the intent deadline has passed (no deadline: never). */
  async intentDeadlinePassed(now = new Date()): Promise<boolean> {
    const { intentDeadline } = await this.get();
    return intentDeadline !== null && intentDeadline.getTime() <= now.getTime();
  }

  /**
   * The organiser's change and its audit entry, in one transaction: a change is never kept
   * without the entry that says who made it, nor the reverse.
   */
  async update(actor: SessionUser, values: Partial<Omit<Settings, 'id' | 'updatedAt'>>): Promise<Settings> {
    const next = await this.repo.manager.transaction(async (m) => {
      const repo = m.getRepository(Settings);
      const current = (await repo.findOneBy({ id: 1 })) ?? ({ ...DEFAULT_SETTINGS } as Settings);
      const changed = { ...current, ...values, id: 1 };
      await repo.save(changed);
      await this.audit.record(actor, 'settings.update', { type: 'settings', id: 1 }, diffFields({ ...current }, values, AUDITED_FIELDS), m);
      return changed;
    });
    this.layoutCopy = null;
    return next;
  }
}
