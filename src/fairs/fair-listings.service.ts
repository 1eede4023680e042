import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../auth/current-user';
import { AppError } from '../common/app-error';
import { formatDateCn } from '../common/dates';
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

  /**
   * How many archived fairs listed the product. Their 参展产品 are part of what was published,
   * so such a product may be withdrawn (下架) but not deleted (the listing row would go with it).
   */
  async archivedFairsListing(productId: number, manager?: EntityManager): Promise<number> {
    return (manager?.getRepository(FairListing) ?? this.repo)
      .createQueryBuilder('l')
      .innerJoin(Fair, 'f', 'f.id = l.fairId')
      .where('l.productId = :productId', { productId })
      .andWhere("f.status = 'archived'")
      .getCount();
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

  /** Refuses any change to an archived fair's listing: its 公示 counts stay as published. */
  assertListingWritable(fair: Fair): void {
    if (isReadOnly(fair.status)) {
      throw new AppError('CONFLICT', `${fair.name}（${formatDateCn(fair.date)}）已归档，参展产品不能再修改。`);
    }
  }

  /** Lists and unlists products in a fair, inside the caller's transaction; the caller has checked them. */
  async change(fairId: number, add: number[], remove: number[], manager: EntityManager): Promise<void> {
    if (remove.length > 0) await manager.getRepository(FairListing).delete({ fairId, productId: In(remove) });
    // Chunks keep each statement well under SQLite's limit of bound parameters.
    for (let i = 0; i < add.length; i += 500) {
      const values = add.slice(i, i + 500).map((productId) => ({ fairId, productId }));
      await manager.createQueryBuilder().insert().into(FairListing).values(values).orIgnore().execute();
    }
  }

  /**
   * The fair a county's listing is carried over from: the fair this one was created from
   * (previousFairId) when it lists any of the county's products, else the most recent other
   * fair (by date, then id) that does — so a fair made any other way still offers one.
   */
  async previousListedFair(fairId: number, countyId: number, manager?: EntityManager): Promise<Fair | null> {
    const fair = await this.fairs.byId(fairId, manager);
    if (fair.previousFairId) {
      const listedThere = await (manager?.getRepository(FairListing) ?? this.repo)
        .createQueryBuilder('fl')
        .innerJoin('fl.product', 'p')
        .where('fl.fairId = :previous AND p.countyId = :countyId', { previous: fair.previousFairId, countyId })
        .getExists();
      if (listedThere) return this.fairs.byId(fair.previousFairId, manager);
    }
    const row = await (manager?.getRepository(FairListing) ?? this.repo)
      .createQueryBuilder('fl')
      .innerJoin('fl.product', 'p')
      .innerJoin('fl.fair', 'f')
      .select('f.id', 'id')
      .where('fl.fairId <> :fairId AND p.countyId = :countyId', { fairId, countyId })
      .orderBy('f.date', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .limit(1)
      .getRawOne<{ id: number }>();
    return row ? this.fairs.byId(Number(row.id), manager) : null;
  }

  /**
   * The county's products listed in the previous fair (previousListedFair()) that are still
   * published and not yet listed in this fair: what confirmCarryOver() would list.
   */
  async carryOverCandidates(fairId: number, countyId: number, manager?: EntityManager): Promise<number[]> {
    const previous = await this.previousListedFair(fairId, countyId, manager);
    return previous ? (await this.candidatesFrom(previous.id, fairId, countyId, manager)).map((p) => p.id) : [];
  }

  /**
   * Carry-over in one step: lists every carry-over candidate in the fair and records one
   * audit entry naming them. Returns the ids listed; none (a second press, or nothing left to
   * carry over) writes nothing, so a double click or a reload is harmless.
   */
  async confirmCarryOver(actor: SessionUser, fairId: number, countyId: number): Promise<number[]> {
    return this.repo.manager.transaction(async (m) => {
      this.assertListingWritable(await this.fairs.byId(fairId, m));
      const previous = await this.previousListedFair(fairId, countyId, m);
      const products = previous ? await this.candidatesFrom(previous.id, fairId, countyId, m) : [];
      if (!previous || products.length === 0) return [];
      await this.change(
        fairId,
        products.map((p) => p.id),
        [],
        m,
      );
      await this.audit.record(
        actor,
        'listing.carry-over',
        { type: 'county', id: countyId },
        {
          fair: { before: null, after: fairId },
          carriedFrom: { before: null, after: previous.id },
          added: { before: null, after: products.map((p) => p.name) },
        },
        m,
      );
      return products.map((p) => p.id);
    });
  }

  private async candidatesFrom(
    previousFairId: number,
    fairId: number,
    countyId: number,
    manager?: EntityManager,
  ): Promise<{ id: number; name: string }[]> {
    const rows = await (manager?.getRepository(FairListing) ?? this.repo)
      .createQueryBuilder('fl')
      .innerJoin('fl.product', 'p')
      .select(['p.id AS id', 'p.name AS name'])
      .where('fl.fairId = :previousFairId AND p.countyId = :countyId AND p.status = :published', {
        previousFairId,
        countyId,
        published: 'published',
      })
      .andWhere('NOT EXISTS (SELECT 1 FROM fair_listing cur WHERE cur."fairId" = :fairId AND cur."productId" = p.id)', { fairId })
      .orderBy('p.code', 'ASC')
      .getRawMany<{ id: number; name: string }>();
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  }
}
