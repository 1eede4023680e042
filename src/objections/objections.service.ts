import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.entity';
import { FairsService } from '../fairs/fairs.service';
import { AuditService, diffFields, type AuditActor } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { PublicDonationsService } from '../donations/public/public-donations.service';
import { PublicProjectsService } from '../donations/public/public-projects.service';
import { ProductsService } from '../products/products.service';
import { OBJECTION_STATUSES, Objection, type ObjectionStatus } from './objection.entity';

/** Who raised an objection without signing in, as the audit log names them. */
export const VISITOR_ACTOR: AuditActor = { id: null, username: 'visitor' };

export interface NewObjection {
  productId?: number;
  projectId?: number;
  donationReceiptId?: number;
  subject?: string;
  text: string;
  contact?: string;
}

/** What an objection is about, loaded for the organiser's queue and page. */
const OBJECT_RELATIONS = { product: { county: true }, project: { county: true }, donationReceipt: true } as const;

/** What the public page shows: counts only, never an objection's text or contact. */
export interface ObjectionCounts {
  received: number;
  /** Answered or closed (closing without an answer records the reason as the answer). */
  answered: number;
  open: number;
  byStatus: Record<ObjectionStatus, number>;
  /** The latest change to any objection, for the public page's 数据更新时间. */
  lastChange: Date | null;
}

/**
 * 异议 (接受社会监督): anyone raises one about a published product or a published figure;
 * the organiser answers and closes each. Every change is in the audit log; the contact a
 * person leaves is for the organiser only and stays out of the audit log.
 */
@Injectable()
export class ObjectionsService {
  constructor(
    @InjectRepository(Objection) private readonly objections: Repository<Objection>,
    private readonly products: ProductsService,
    private readonly audit: AuditService,
    private readonly fairs: FairsService,
    private readonly projects: PublicProjectsService,
    private readonly donations: PublicDonationsService,
  ) {}

  async create(actor: SessionUser | AuditActor, input: NewObjection): Promise<Objection> {
    const subjects = [input.productId, input.projectId, input.donationReceiptId].filter((id) => id !== undefined);
    if (subjects.length > 1) throw AppError.validation({ projectId: ['一份异议只能针对一个对象，请从该页面重新进入'] });
    // Only what the public sees can be objected to: a draft product or project, a voided receipt is 404 here as on its page.
    const product = input.productId !== undefined ? await this.products.findPublishedOrThrow(input.productId) : null;
    const project = input.projectId !== undefined ? await this.projects.findOrThrow(input.projectId) : null;
    const donation = input.donationReceiptId !== undefined ? await this.donations.findOrThrow(input.donationReceiptId) : null;
    const subjectType = product ? 'product' : project ? 'project' : donation ? 'donation' : 'figure';
    return this.objections.manager.transaction(async (m) => {
      const repo = m.getRepository(Objection);
      const saved = await repo.save(
        repo.create({
          // Raised about what the public sees now: the current fair's listing and figures.
          fairId: (await this.fairs.current(m)).id,
          subjectType,
          productId: product?.id ?? null,
          projectId: project?.id ?? null,
          donationReceiptId: donation?.id ?? null,
          subject: subjectType === 'figure' ? (input.subject ?? null) : null,
          text: input.text,
          contact: input.contact ?? null,
          status: 'open',
        }),
      );
      await this.audit.record(
        actor,
        'objection.create',
        { type: 'objection', id: saved.id },
        diffFields(null, { ...saved }, ['subjectType', 'productId', 'projectId', 'donationReceiptId', 'subject', 'status']),
        m,
      );
      return saved;
    });
  }

  /** Whether an objection exists (the thank-you page shows its number and nothing else). */
  async existsOrThrow(id: number): Promise<void> {
    if (!(await this.objections.existsBy({ id }))) throw AppError.notFound('异议');
  }

  /** Objections by status: raised during one fair (its 公示 reports them), or all (the organiser's queue). */
  async counts(fairId?: number): Promise<ObjectionCounts> {
    const byFair = this.objections.createQueryBuilder('o');
    if (fairId !== undefined) byFair.where('o.fairId = :fairId', { fairId });
    const [rows, latest] = await Promise.all([
      byFair
        .select('o.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .groupBy('o.status')
        .getRawMany<{ status: ObjectionStatus; n: string | number }>(),
      this.objections.find({
        select: { id: true, updatedAt: true },
        where: fairId !== undefined ? { fairId } : {},
        order: { updatedAt: 'DESC', id: 'DESC' },
        take: 1,
      }),
    ]);
    const byStatus = Object.fromEntries(OBJECTION_STATUSES.map((s) => [s, 0])) as Record<ObjectionStatus, number>;
    for (const r of rows) if (r.status in byStatus) byStatus[r.status] = Number(r.n);
    return {
      received: byStatus.open + byStatus.answered + byStatus.closed,
      answered: byStatus.answered + byStatus.closed,
      open: byStatus.open,
      byStatus,
      lastChange: latest[0]?.updatedAt ?? null,
    };
  }

  /** The organiser's queue, newest first (the (status, createdAt) index serves a status filter). */
  async list(status: ObjectionStatus | undefined, page: number, pageSize: number): Promise<{ items: Objection[]; total: number }> {
    const where: FindOptionsWhere<Objection> = status ? { status } : {};
    const [items, total] = await this.objections.findAndCount({
      where,
      relations: OBJECT_RELATIONS,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  async findOrThrow(id: number): Promise<Objection> {
    const objection = await this.objections.findOne({ where: { id }, relations: OBJECT_RELATIONS });
    if (!objection) throw AppError.notFound('异议');
    return objection;
  }

  /** Every audit entry about the objection, oldest first: its history, with close reasons. */
  history(id: number): Promise<AuditLog[]> {
    return this.audit.forEntity('objection', id);
  }

  /** The organiser answers (or corrects the answer of) an objection that is not closed. */
  async answer(user: SessionUser, id: number, answer: string): Promise<Objection> {
    return this.objections.manager.transaction(async (m) => {
      const before = await this.lockedOpen(m, id, '该异议已关闭，不能再答复');
      const after: Objection = { ...before, status: 'answered', answer, answeredAt: new Date(), answeredById: user.id };
      await m
        .getRepository(Objection)
        .update({ id }, { status: after.status, answer, answeredAt: after.answeredAt, answeredById: user.id });
      await this.audit.record(
        user,
        'objection.answer',
        { type: 'objection', id },
        diffFields({ ...before }, { ...after }, ['status', 'answer']),
        m,
      );
      return after;
    });
  }

  /**
   * The organiser closes an objection with a reason, kept in the audit log entry. An objection
   * closed before any answer gets the reason as its answer, so every closed one has a reply.
   */
  async close(user: SessionUser, id: number, reason: string): Promise<Objection> {
    return this.objections.manager.transaction(async (m) => {
      const before = await this.lockedOpen(m, id, '该异议已关闭');
      const reply = before.answer ? {} : { answer: reason, answeredAt: new Date(), answeredById: user.id };
      const after: Objection = { ...before, status: 'closed', ...reply };
      await m.getRepository(Objection).update({ id }, { status: 'closed', ...reply });
      await this.audit.record(
        user,
        'objection.close',
        { type: 'objection', id },
        { ...diffFields({ ...before }, { ...after }, ['status', 'answer']), reason: { before: null, after: reason } },
        m,
      );
      return after;
    });
  }

  /** Reads the objection inside the transaction (locked on PostgreSQL); a closed one is final. */
  private async lockedOpen(m: EntityManager, id: number, closedMessage: string): Promise<Objection> {
    const objection = await m.getRepository(Objection).findOne({
      where: { id },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!objection) throw AppError.notFound('异议');
    if (objection.status === 'closed') throw new AppError('CONFLICT', closedMessage);
    return objection;
  }
}
