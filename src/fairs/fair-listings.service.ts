import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { FairListing } from './fair-listing.entity';
import { isReadOnly } from './fair-status';
import { Fair } from './fair.entity';
import { FairsService } from './fairs.service';

/** Each fair's listing (参展产品): which of the counties' published products take part. */
@Injectable()
export class FairListingsService {
  constructor(
    @InjectRepository(FairListing) private readonly repo: Repository<FairListing>,
    private readonly fairs: FairsService,
    private readonly audit: AuditService,
  ) {}

  async isListed(fairId: number, productId: number, manager?: EntityManager): Promise<boolean> {
    return (await (manager?.getRepository(FairListing) ?? this.repo).countBy({ fairId, productId })) > 0;
  }

  /** Of the given products, those listed in the fair. */
  async listedAmong(fairId: number, productIds: number[], manager?: EntityManager): Promise<Set<number>> {
    if (productIds.length === 0) return new Set();
    const rows = await (manager?.getRepository(FairListing) ?? this.repo).find({
      select: { productId: true },
      where: { fairId, productId: In(productIds) },
    });
    return new Set(rows.map((r) => r.productId));
  }

  /** How many products each fair lists (fair id → count; a fair without any is absent). */
  async countsByFair(): Promise<Map<number, number>> {
    const rows = await this.repo
      .createQueryBuilder('l')
      .select('l.fairId', 'fairId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('l.fairId')
      .getRawMany<{ fairId: number; n: string | number }>();
    return new Map(rows.map((r) => [Number(r.fairId), Number(r.n)]));
  }

  /**
   * A product published while a fair is current joins that fair's listing, so a county's
   * newly approved product is on show at once; the county can take it off the listing.
   */
  async listInCurrentFair(productId: number, manager: EntityManager): Promise<void> {
    const fair = await manager.getRepository(Fair).findOneBy({ current: true });
    if (!fair || isReadOnly(fair.status)) return;
    await manager.createQueryBuilder().insert().into(FairListing).values({ fairId: fair.id, productId }).orIgnore().execute();
  }

  /**
   * Carry-over (沿用上届参展产品): the county's products that were listed in the fair this one
   * was created from, are still published, and are not listed in this fair yet; ordered by id.
   * Empty when the fair was not created from another.
   */
  async carryOverCandidates(fairId: number, countyId: number, manager?: EntityManager): Promise<number[]> {
    const fair = await this.fairs.byId(fairId, manager);
    if (!fair.previousFairId) return [];
    const repo = manager?.getRepository(FairListing) ?? this.repo;
    const rows = await repo
      .createQueryBuilder('l')
      .innerJoin('l.product', 'p')
      .select('l.productId', 'productId')
      .where('l.fairId = :previous', { previous: fair.previousFairId })
      .andWhere('p.countyId = :countyId', { countyId })
      .andWhere("p.status = 'published'")
      .andWhere((qb) => {
        const listed = qb
          .subQuery()
          .select('1')
          .from(FairListing, 'n')
          .where('n.fairId = :fairId', { fairId })
          .andWhere('n.productId = l.productId')
          .getQuery();
        return `NOT EXISTS ${listed}`;
      })
      .orderBy('l.productId', 'ASC')
      .getRawMany<{ productId: number }>();
    return rows.map((r) => Number(r.productId));
  }

  /**
   * The county re-confirms last fair's listing in one step: every candidate is listed, with
   * one audit entry, in one transaction. Refused for an archived fair, and when there is
   * nothing left to carry over (already confirmed, or nothing was listed last time).
   * Returns the product ids listed.
   */
  async confirmCarryOver(actor: SessionUser, fairId: number, countyId: number): Promise<number[]> {
    return this.repo.manager.transaction(async (m) => {
      const fair = await this.fairs.assertWritableById(fairId, m);
      const ids = await this.carryOverCandidates(fairId, countyId, m);
      if (ids.length === 0) throw new AppError('CONFLICT', `没有可沿用的上届参展产品：上届的产品已全部列入${fair.name}，或已不再发布。`);
      await m
        .createQueryBuilder()
        .insert()
        .into(FairListing)
        .values(ids.map((productId) => ({ fairId, productId })))
        .orIgnore()
        .execute();
      await this.audit.record(
        actor,
        'fair.carry-over',
        { type: 'fair', id: fairId },
        { countyId: { before: null, after: countyId }, products: { before: null, after: ids } },
        m,
      );
      return ids;
    });
  }
}
