import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Settings } from './settings.entity';

/** Defaults for a fresh installation: the 2020 fair on 全国扶贫日. */
export const DEFAULT_SETTINGS: Omit<Settings, 'updatedAt'> = {
  id: 1,
  fairName: '宿州市2020年扶贫日消费扶贫展销会',
  fairDate: '2020-10-17',
  intentDeadline: null,
  minimumProducts: 20,
};

@Injectable()
export class SettingsService {
  /** The layout's copy (fair name and date on every page), kept a few seconds per instance. */
  private layoutCopy: { value: Settings; until: number } | null = null;

  constructor(@InjectRepository(Settings) private readonly repo: Repository<Settings>) {}

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

  async save(values: Partial<Omit<Settings, 'id' | 'updatedAt'>>, manager?: EntityManager): Promise<Settings> {
    const repo = manager ? manager.getRepository(Settings) : this.repo;
    const current = await this.get();
    const next = { ...current, ...values, id: 1 };
    await repo.save(next);
    this.layoutCopy = null;
    return next;
  }
}
