import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { formatDateCn, formatDateTimeCn } from '../common/dates';
import { parseRecordId } from '../common/id-param';
import { acceptsIntents, FAIR_STATUS_LABELS, isReadOnly } from './fair-status';
import { Fair } from './fair.entity';

/** What the organiser edits on a fair. */
export type FairFields = Pick<Fair, 'name' | 'date' | 'venue' | 'intentDeadline' | 'minimumProducts'>;

const AUDITED_FIELDS: (keyof Fair)[] = ['name', 'date', 'venue', 'intentDeadline', 'minimumProducts', 'status'];

/**
 * The fairs (editions) and the one current fair. Every rule that depends on the fair's state
 * (may intents change, may anything change at all) is stated here once.
 */
@Injectable()
export class FairsService {
  /** The layout's copy (current fair's name and date on every page), kept a few seconds per instance. */
  private layoutCopy: { value: Fair; until: number } | null = null;

  constructor(
    @InjectRepository(Fair) private readonly repo: Repository<Fair>,
    private readonly audit: AuditService,
  ) {}

  /** The current fair. The first migration creates one, and one always stays current. */
  async current(manager?: EntityManager): Promise<Fair> {
    const fair = await (manager?.getRepository(Fair) ?? this.repo).findOneBy({ current: true });
    if (!fair) throw new AppError('NOT_FOUND', '尚未设置当前展销会，请联系组织方');
    return fair;
  }

  /**
   * For the page layout only: read at most every 5 s per instance. Rules such as the intent
   * deadline always read current(), so a change applies at once.
   */
  async forLayout(): Promise<Fair> {
    if (this.layoutCopy && this.layoutCopy.until > Date.now()) return this.layoutCopy.value;
    const value = await this.current();
    this.layoutCopy = { value, until: Date.now() + 5_000 };
    return value;
  }

  async byId(id: number, manager?: EntityManager): Promise<Fair> {
    const fair = await (manager?.getRepository(Fair) ?? this.repo).findOneBy({ id });
    if (!fair) throw AppError.notFound('该展销会');
    return fair;
  }

  /** The fair a figure page asks for (?fair=ID, validated), or the current one. */
  async resolve(id?: number | null): Promise<Fair> {
    return id ? this.byId(id) : this.current();
  }

  /** resolve() for a raw query value: absent or empty means the current fair; anything but an id names no fair (404). */
  async fromQuery(raw: unknown): Promise<Fair> {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') return this.current();
    const id = parseRecordId(value);
    if (id === null) throw AppError.notFound('该展销会');
    return this.byId(id);
  }

  /** The organiser's fair selector: every fair, the shown one marked. */
  async selector(shown: Fair): Promise<{ id: number; label: string; selected: boolean }[]> {
    return (await this.list()).map((f) => ({
      id: f.id,
      label: `${f.name}（${FAIR_STATUS_LABELS[f.status]}${f.current ? '，当前' : ''}）`,
      selected: f.id === shown.id,
    }));
  }

  /** Every fair, newest first (the organiser's selector and the public archive). */
  async list(): Promise<Fair[]> {
    return this.repo.find({ order: { date: 'DESC', id: 'DESC' } });
  }

  /** Ids of the archived fairs (read-only), inside the caller's transaction when given. */
  async archivedIds(manager?: EntityManager): Promise<number[]> {
    const fairs = await (manager?.getRepository(Fair) ?? this.repo).find({ where: { status: 'archived' }, select: { id: true } });
    return fairs.map((f) => f.id);
  }

  /** True once the fair's intent deadline has passed (no deadline: never). */
  deadlinePassed(fair: Fair, now = new Date()): boolean {
    return fair.intentDeadline !== null && fair.intentDeadline.getTime() <= now.getTime();
  }

  /** Whether buyer units may submit, amend or withdraw intents for this fair now. */
  intentsOpen(fair: Fair, now = new Date()): boolean {
    return acceptsIntents(fair.status) && !this.deadlinePassed(fair, now);
  }

  /** Why buyer units cannot change intents now (the deadline or the fair's state), or null when they can. */
  intentsClosedReason(fair: Fair, now = new Date()): string | null {
    if (this.deadlinePassed(fair, now)) {
      return `采购意向登记已于 ${formatDateTimeCn(fair.intentDeadline)} 截止，不能再提交或修改。如需调整，请联系展销会组织方。`;
    }
    if (!acceptsIntents(fair.status)) {
      const when = fair.status === 'preparing' ? '尚未开始登记采购意向' : '已停止登记采购意向';
      return `${fair.name}（${FAIR_STATUS_LABELS[fair.status]}）${when}，不能提交或修改意向。`;
    }
    return null;
  }

  /** Refuses buyer changes outside registration, naming the deadline or the fair's state. */
  assertIntentsOpen(fair: Fair, now = new Date()): void {
    const reason = this.intentsClosedReason(fair, now);
    if (reason) throw new AppError('DEADLINE_PASSED', reason);
  }

  /** Refuses every change to the records of an archived fair: its 公示 stays as published. */
  assertWritable(fair: Fair): void {
    if (isReadOnly(fair.status)) {
      throw new AppError('CONFLICT', `${fair.name}（${formatDateCn(fair.date)}）已归档，其记录只能查看，不能修改。`);
    }
  }

  /** assertWritable() for a fair known by id, inside the caller's transaction when given. */
  async assertWritableById(fairId: number, manager?: EntityManager): Promise<Fair> {
    const fair = await this.byId(fairId, manager);
    this.assertWritable(fair);
    return fair;
  }

  /**
   * The organiser's change and its audit entry, in one transaction: a change is never kept
   * without the entry that says who made it, nor the reverse.
   */
  async update(actor: SessionUser, id: number, values: Partial<FairFields>): Promise<Fair> {
    const next = await this.repo.manager.transaction(async (m) => {
      const fair = await this.assertWritableById(id, m);
      const changed = { ...fair, ...values };
      await m.getRepository(Fair).save(changed);
      await this.audit.record(actor, 'fair.update', { type: 'fair', id }, diffFields({ ...fair }, values, AUDITED_FIELDS), m);
      return changed;
    });
    this.layoutCopy = null;
    return next;
  }
}
