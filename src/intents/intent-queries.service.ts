import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type EntityManager, type Repository } from 'typeorm';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { likeContaining } from '../common/like';
import type { IntentStatus } from './intent-status';
import { Intent } from './intent.entity';

/** An intent with its lines' totals, as lists show it. */
export interface IntentSummary {
  intent: Intent;
  lineCount: number;
  totalFen: number;
}

export interface IntentFilter {
  /** Intents belong to a fair; the organiser looks at one fair's at a time. */
  fairId: number;
  countyId?: number;
  buyerType?: string;
  status?: IntentStatus;
  /** Submitted on or after / before this instant. */
  from?: Date;
  to?: Date;
  /** Buyer unit name or reference number. */
  q?: string;
}

function summarise(intent: Intent): IntentSummary {
  const lines = intent.lines ?? [];
  return { intent, lineCount: lines.length, totalFen: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0) };
}

/** Reading intents: a unit's own, the organiser's filtered list, one intent for whoever may see it. */
@Injectable()
export class IntentQueriesService {
  constructor(@InjectRepository(Intent) private readonly intents: Repository<Intent>) {}

  /** One buyer unit's intents of every fair, newest first, with their lines and fair (no N+1). */
  async listForBuyerUnit(buyerUnitId: number): Promise<IntentSummary[]> {
    const intents = await this.intents.find({
      where: { buyerUnitId },
      relations: { lines: true, fair: true },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    return intents.map(summarise);
  }

  /** The organiser's filtered list, newest first. */
  async listFiltered(filter: IntentFilter, page: number, pageSize: number): Promise<{ items: IntentSummary[]; total: number }> {
    const qb = this.intents.createQueryBuilder('i').innerJoin('i.buyerUnit', 'u').where('i.fairId = :fairId', { fairId: filter.fairId });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.buyerType) qb.andWhere('u.type = :type', { type: filter.buyerType });
    if (filter.from) qb.andWhere('i.submittedAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('i.submittedAt < :to', { to: filter.to });
    if (filter.countyId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM intent_line l INNER JOIN product p ON p.id = l."productId" WHERE l."intentId" = i.id AND p."countyId" = :countyId)',
        { countyId: filter.countyId },
      );
    }
    if (filter.q) {
      const q = likeContaining(filter.q);
      qb.andWhere(
        // LOWER() on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
        new Brackets((w) =>
          w.where(`LOWER(u.name) LIKE LOWER(:q) ESCAPE '\\'`, { q }).orWhere(`LOWER(i.referenceNo) LIKE LOWER(:q) ESCAPE '\\'`, { q }),
        ),
      );
    }
    const total = await qb.getCount();
    const ids = await qb
      .clone()
      .select('i.id', 'id')
      .orderBy('i.submittedAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ id: number }>();
    if (ids.length === 0) return { items: [], total };
    const intents = await this.intents.find({
      where: ids.map((r) => ({ id: Number(r.id) })),
      relations: { lines: true, buyerUnit: true },
      order: { submittedAt: 'DESC', id: 'DESC' },
    });
    return { items: intents.map(summarise), total };
  }

  /**
   * An intent the user may see: the organiser any, a buyer only its own unit's (another
   * unit's intent is 403). County operators see demand through their products instead.
   */
  async findVisibleOrThrow(user: SessionUser, id: number, manager?: EntityManager): Promise<IntentSummary> {
    const repo = manager ? manager.getRepository(Intent) : this.intents;
    const intent = await repo.findOne({
      where: { id },
      relations: { lines: { product: { county: true } }, buyerUnit: true },
      order: { lines: { id: 'ASC' } },
    });
    if (!intent) throw AppError.notFound('采购意向');
    if (user.role === 'organiser') return summarise(intent);
    if (user.role === 'buyer' && intent.buyerUnitId === user.buyerUnitId) return summarise(intent);
    throw AppError.forbidden('这不是本单位的采购意向，您无权查看或修改');
  }

  /** Reference numbers by intent id: how people name an intent (ids without one are absent). */
  async referencesByIds(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.intents.find({ select: { id: true, referenceNo: true }, where: { id: In(ids) } });
    return new Map(rows.map((i) => [i.id, i.referenceNo]));
  }
}
