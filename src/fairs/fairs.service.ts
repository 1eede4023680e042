import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditService, diffFields } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { endOfDayCst, formatDateCn, formatDateTimeCn } from '../common/dates';
import { parseRecordId } from '../common/id-param';
import { isUniqueViolation } from '../database/unique-violation';
import { acceptsIntents, FAIR_STATUS_LABELS, isReadOnly, nextStatus, type FairStatus } from './fair-status';
import { Fair } from './fair.entity';

/** What the organiser edits on a fair. */
export type FairFields = Pick<Fair, 'name' | 'date' | 'venue' | 'intentDeadline' | 'minimumProducts'>;

const AUDITED_FIELDS: (keyof Fair)[] = ['name', 'date', 'venue', 'intentDeadline', 'minimumProducts', 'status'];

/** Refuses a deadline after the fair's own day (CST): registration closes by the fair at the latest. */
function checkDeadline(fields: Pick<Fair, 'date' | 'intentDeadline'>): void {
  if (fields.intentDeadline && fields.intentDeadline.getTime() >= endOfDayCst(fields.date).getTime()) {
    throw AppError.validation({ intentDeadline: ['意向截止时间不能晚于举办日期'] });
  }
}

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
      checkDeadline(changed);
      await m.getRepository(Fair).save(changed);
      await this.audit.record(actor, 'fair.update', { type: 'fair', id }, diffFields({ ...fair }, values, AUDITED_FIELDS), m);
      return changed;
    });
    this.layoutCopy = null;
    return next;
  }

  /**
   * A new fair, 筹备中 and not current, created from the current one: its listing is what
   * each county is later offered to carry over (FairListingsService.confirmCarryOver).
   */
  async create(actor: SessionUser, values: FairFields): Promise<Fair> {
    checkDeadline(values);
    return this.repo.manager.transaction(async (m) => {
      const previous = await this.current(m);
      const repo = m.getRepository(Fair);
      const fair = await repo.save(repo.create({ ...values, status: 'preparing', current: null, previousFairId: previous.id }));
      const changes = diffFields(null, { ...fair }, [...AUDITED_FIELDS, 'previousFairId']);
      await this.audit.record(actor, 'fair.create', { type: 'fair', id: fair.id }, changes, m);
      return fair;
    });
  }

  /**
   * Moves a fair one step forward in its life cycle. `from` is the status the organiser saw:
   * a repeated or stale confirmation never moves a fair two steps. The current fair is not
   * archived: the layout, the catalogue and the intents follow the current fair.
   */
  async advanceStatus(actor: SessionUser, id: number, from: FairStatus): Promise<Fair> {
    const next = await this.repo.manager.transaction(async (m) => {
      const fair = await this.assertWritableById(id, m);
      const to = nextStatus(fair.status);
      if (fair.status !== from || !to) {
        throw new AppError('CONFLICT', `${fair.name}现在是“${FAIR_STATUS_LABELS[fair.status]}”，请刷新页面后再操作。`);
      }
      if (isReadOnly(to) && fair.current) {
        throw new AppError('CONFLICT', `${fair.name}是当前展销会，不能归档：请先将另一届展销会设为当前。`);
      }
      const { affected } = await m.getRepository(Fair).update({ id, status: from }, { status: to });
      if (!affected) throw new AppError('CONFLICT', '该展销会的状态刚刚被修改，请刷新页面后再操作。');
      await this.audit.record(actor, 'fair.status', { type: 'fair', id }, { status: { before: from, after: to } }, m);
      return { ...fair, status: to };
    });
    this.layoutCopy = null;
    return next;
  }

  /**
   * Makes the fair the current one: the old one's flag is cleared and the new one's set in one
   * transaction, and the unique index on `current` keeps it to one even when two organisers
   * do this at once (the later one is refused and changes nothing).
   */
  async makeCurrent(actor: SessionUser, id: number): Promise<Fair> {
    let fair: Fair;
    try {
      fair = await this.repo.manager.transaction(async (m) => {
        const target = await this.assertWritableById(id, m);
        if (target.current) throw new AppError('CONFLICT', `${target.name}已经是当前展销会。`);
        const previous = await this.current(m);
        const repo = m.getRepository(Fair);
        // NULL first, then true: the unique index is checked row by row on PostgreSQL.
        await repo.update({ id: previous.id }, { current: null });
        await repo.update({ id }, { current: true });
        const changes = { current: { before: `${previous.name}（#${previous.id}）`, after: `${target.name}（#${id}）` } };
        await this.audit.record(actor, 'fair.make-current', { type: 'fair', id }, changes, m);
        return { ...target, current: true as const };
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new AppError('CONFLICT', '另一届展销会刚刚被设为当前，请刷新页面后查看。');
    }
    this.layoutCopy = null;
    return fair;
  }
}
