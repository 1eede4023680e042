import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditService, type AuditActor } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { FairsService } from '../../fairs/fairs.service';
import { DonationReceipt } from '../donation-receipt.entity';
import { CITY_OFFICE } from '../donation-office';
import { Pledge } from '../pledge.entity';
import { ProjectsService } from '../projects/projects.service';

/** An access token as newAccessToken() makes them: anything else names no pledge. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** 尚未到账 of a pledge given what was received on it: never below 0 (overpayment shows as 超出). */
export const remainingOf = (pledge: Pick<Pledge, 'amountFen'>, receivedFen: number): number => Math.max(0, pledge.amountFen - receivedFen);

/**
 * Pledges as the rest of the campaign reads them, and cancelling one. The receipts helper
 * records money against a pledge through openPledgesForOffice(), byIdForOffice() and
 * remainingFen(); an office is 'city' or a county's code (donation-office.ts).
 */
@Injectable()
export class PledgesService {
  constructor(
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    private readonly fairs: FairsService,
    private readonly audit: AuditService,
    private readonly projects: ProjectsService,
  ) {}

  /** Pledges whose money `office` receives: its county's (directed or to its fund), or the city fund's for 'city'. */
  private forOffice(office: string, manager?: EntityManager) {
    const qb = (manager?.getRepository(Pledge) ?? this.pledges)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.project', 'project')
      .leftJoinAndSelect('p.county', 'county');
    return office === CITY_OFFICE ? qb.where('p.countyId IS NULL') : qb.where('county.code = :office', { office });
  }

  /** The open pledges of a fair's campaign that `office` receives, oldest first (the office records money against them). */
  openPledgesForOffice(fairId: number, office: string): Promise<Pledge[]> {
    return this.forOffice(office)
      .andWhere('p.fairId = :fairId', { fairId })
      .andWhere("p.status = 'open'")
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  /** One pledge, only if `office` receives it (another office's pledge is 404, as if it did not exist). */
  async byIdForOffice(id: number, office: string): Promise<Pledge> {
    const pledge = await this.forOffice(office).andWhere('p.id = :id', { id }).getOne();
    if (!pledge) throw AppError.notFound('该认捐');
    return pledge;
  }

  /**
   * For the receipts part, inside its transaction: one pledge `office` receives, its row locked
   * (PostgreSQL; SQLite's gate serialises writers) until the transaction ends. cancel() takes
   * the same lock, so a receipt and a cancellation of one pledge run one after the other: a
   * cancelled pledge never gets a receipt, and a pledge with a receipt is never cancelled.
   */
  async lockedForOffice(id: number, office: string, m: EntityManager): Promise<Pledge> {
    await this.lockRow(id, m);
    const pledge = await this.forOffice(office, m).andWhere('p.id = :id', { id }).getOne();
    if (!pledge) throw AppError.notFound('该认捐');
    return pledge;
  }

  /** Locked on PostgreSQL (a plain row lock: FOR UPDATE may not reach the outer joins of forOffice()). */
  private lockRow(id: number, m: EntityManager): Promise<Pledge | null> {
    return m.getRepository(Pledge).findOne({
      where: { id },
      ...(m.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Received on each pledge (its receipts not voided), by pledge id; pass the manager to read inside a transaction. */
  async receivedByPledge(ids: number[], manager?: EntityManager): Promise<Map<number, number>> {
    const out = new Map<number, number>(ids.map((id) => [id, 0]));
    if (ids.length === 0) return out;
    const rows = await (manager?.getRepository(DonationReceipt) ?? this.receipts)
      .createQueryBuilder('r')
      .select('r.pledgeId', 'id')
      .addSelect('SUM(r.amountFen)', 'fen')
      .where({ pledgeId: In(ids), voidedAt: IsNull() })
      .groupBy('r.pledgeId')
      .getRawMany<{ id: number | string; fen: number | string | null }>();
    for (const r of rows) out.set(Number(r.id), Number(r.fen ?? 0));
    return out;
  }

  /**
   * 尚未到账: what is still to come on a pledge (pledged less received on it), never below 0.
   * Inside the receipts' transaction pass its manager, so the figure is that transaction's.
   */
  async remainingFen(pledge: Pick<Pledge, 'id' | 'amountFen'>, manager?: EntityManager): Promise<number> {
    const received = (await this.receivedByPledge([pledge.id], manager)).get(pledge.id) ?? 0;
    return remainingOf(pledge, received);
  }

  /** The pledge behind a public donor's link (404 for anything else). */
  async byToken(token: string): Promise<Pledge> {
    const pledge = TOKEN_PATTERN.test(token)
      ? await this.pledges.findOne({ where: { accessToken: token }, relations: { project: true, county: true } })
      : null;
    if (!pledge) throw AppError.notFound('该认捐');
    return pledge;
  }

  /** One of a unit's own pledges (another unit's is 404). */
  async byIdForUnit(id: number, buyerUnitId: number): Promise<Pledge> {
    const pledge = await this.pledges.findOne({ where: { id, buyerUnitId }, relations: { project: true, county: true } });
    if (!pledge) throw AppError.notFound('该认捐');
    return pledge;
  }

  /** A unit's pledges, newest first. */
  forUnit(buyerUnitId: number): Promise<Pledge[]> {
    return this.pledges.find({
      where: { buyerUnitId },
      relations: { project: true, county: true, fair: true },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** Whether the donor may still cancel: open, and nothing received on it. */
  cancellable(pledge: Pledge, receivedFen: number): boolean {
    return pledge.status === 'open' && receivedFen === 0;
  }

  /**
   * Cancels an open pledge on which nothing was received; a claim frees its project again.
   * Re-read (locked on PostgreSQL) inside the transaction, so money recorded meanwhile wins.
   */
  async cancel(actor: SessionUser | AuditActor, id: number): Promise<Pledge> {
    return this.pledges.manager.transaction(async (m) => {
      const pledge = await this.lockRow(id, m);
      if (!pledge) throw AppError.notFound('该认捐');
      await this.fairs.assertWritableById(pledge.fairId, m);
      if (pledge.status !== 'open') throw new AppError('CONFLICT', `认捐 ${pledge.pledgeNo} 已取消`);
      const received = await m.getRepository(DonationReceipt).countBy({ pledgeId: id, voidedAt: IsNull() });
      if (received > 0) throw new AppError('CONFLICT', `认捐 ${pledge.pledgeNo} 已有款项到账，不能取消。如有疑问，请联系收款单位。`);
      const cancelledAt = new Date();
      await m.getRepository(Pledge).update({ id }, { status: 'cancelled', cancelledAt });
      const changes: Record<string, { before: unknown; after: unknown }> = { status: { before: 'open', after: 'cancelled' } };
      if (pledge.claim && pledge.projectId !== null) {
        if (await this.projects.releaseClaim(actor, pledge.projectId, id, m)) changes.claimReleased = { before: false, after: true };
      }
      await this.audit.record(actor, 'pledge.cancel', { type: 'pledge', id }, changes, m);
      return { ...pledge, status: 'cancelled', cancelledAt };
    });
  }
}
