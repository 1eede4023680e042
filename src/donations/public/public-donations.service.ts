import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../common/app-error';
import { Disbursement } from '../disbursement.entity';
import { DonationProject } from '../donation-project.entity';
import { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import type { ProjectKind } from '../project-kinds';
import { isPublicStatus } from './project-view';
import { donorShown, fundName, type PublicDonation } from './public-records';

export interface DonationFilters {
  fairId: number;
  /** The issuing office's county (its projects and its fund); null: the city office. */
  countyId?: number | null;
  projectId?: number;
}

/** Received money per project kind; kind null: money to a fund (不定向). */
export interface KindTotal {
  kind: ProjectKind | null;
  receivedFen: number;
  donations: number;
}

/**
 * 捐赠公示: the received donations (receipts not voided) as the public may see them. The
 * donor's name only where neither the receipt nor its pledge chose anonymity; never a phone,
 * a message, a bank reference or a donor kind (an anonymous 医院 among few would be named).
 */
@Injectable()
export class PublicDonationsService {
  constructor(
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    @InjectRepository(Disbursement) private readonly disbursements: Repository<Disbursement>,
    private readonly totals: DonationTotalsService,
  ) {}

  /** One page of received donations, latest first. */
  async list(filters: DonationFilters, page: number, pageSize: number): Promise<{ items: PublicDonation[]; total: number }> {
    const query = this.receivedQuery()
      .andWhere('r.fairId = :fairId', { fairId: filters.fairId })
      .orderBy('r.receivedOn', 'DESC')
      .addOrderBy('r.id', 'DESC')
      // Every join is many-to-one: plain OFFSET/LIMIT pages the receipts themselves.
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    if (filters.countyId === null) query.andWhere('r.countyId IS NULL');
    else if (filters.countyId !== undefined) query.andWhere('r.countyId = :countyId', { countyId: filters.countyId });
    if (filters.projectId !== undefined) query.andWhere('r.projectId = :projectId', { projectId: filters.projectId });
    const [rows, total] = await query.getManyAndCount();
    return { items: rows.map(toPublic), total };
  }

  /** A received donation by its receipt id (for an objection about it), or 404 when voided or unknown. */
  async findOrThrow(id: number): Promise<PublicDonation> {
    const row = await this.receivedQuery().andWhere('r.id = :id', { id }).getOne();
    if (!row) throw AppError.notFound('该捐赠记录');
    return toPublic(row);
  }

  /**
   * A county page's figures: what its office received in the campaign (DonationTotalsService,
   * as everywhere) and the part of it given to the county's fund (不定向) rather than a project.
   */
  async countyReceived(fairId: number, countyId: number): Promise<{ receivedFen: number; fundReceivedFen: number }> {
    const [byCounty, fund] = await Promise.all([
      this.totals.byCounty(fairId),
      this.receipts
        .createQueryBuilder('r')
        .select('SUM(r.amountFen)', 'fen')
        .where('r.fairId = :fairId AND r.countyId = :countyId', { fairId, countyId })
        .andWhere('r.projectId IS NULL AND r.voidedAt IS NULL')
        .getRawOne<{ fen: string | number | null }>(),
    ]);
    return { receivedFen: byCounty.get(countyId)?.receivedFen ?? 0, fundReceivedFen: Number(fund?.fen ?? 0) };
  }

  /** A campaign's received money per project kind, fund money (不定向) as kind null. */
  async byKind(fairId: number): Promise<KindTotal[]> {
    const rows = await this.receipts
      .createQueryBuilder('r')
      .leftJoin('r.project', 'p')
      .select('p.kind', 'kind')
      .addSelect('SUM(r.amountFen)', 'fen')
      .addSelect('COUNT(*)', 'n')
      .where('r.fairId = :fairId', { fairId })
      .andWhere('r.voidedAt IS NULL')
      .groupBy('p.kind')
      .getRawMany<{ kind: ProjectKind | null; fen: string | number; n: string | number }>();
    return rows.map((r) => ({ kind: r.kind ?? null, receivedFen: Number(r.fen), donations: Number(r.n) }));
  }

  /** The latest change to what 捐赠公示 shows (a receipt recorded or voided, a project, a disbursement). */
  async lastChange(fairId: number): Promise<Date | null> {
    const rows = await Promise.all([
      this.receipts.find({ select: { id: true, updatedAt: true }, where: { fairId }, order: { updatedAt: 'DESC' }, take: 1 }),
      this.projects.find({ select: { id: true, updatedAt: true }, where: { fairId }, order: { updatedAt: 'DESC' }, take: 1 }),
      this.disbursements.find({
        select: { id: true, updatedAt: true },
        where: { project: { fairId } },
        order: { updatedAt: 'DESC' },
        take: 1,
      }),
    ]);
    const times = rows.flatMap((r) => r.map((x) => x.updatedAt.getTime()));
    return times.length ? new Date(Math.max(...times)) : null;
  }

  private receivedQuery(): SelectQueryBuilder<DonationReceipt> {
    return this.receipts
      .createQueryBuilder('r')
      .select(['r.id', 'r.receiptNo', 'r.donorName', 'r.anonymous', 'r.amountFen', 'r.receivedOn', 'r.projectId', 'r.countyId'])
      .leftJoin('r.project', 'p')
      .addSelect(['p.id', 'p.title', 'p.status'])
      .leftJoin('r.county', 'c')
      .addSelect(['c.id', 'c.name'])
      .leftJoin('r.pledge', 'pl')
      .addSelect(['pl.id', 'pl.anonymous'])
      .where('r.voidedAt IS NULL');
  }
}

function toPublic(r: DonationReceipt): PublicDonation {
  const projectPublic = r.project ? isPublicStatus(r.project.status) : false;
  const anonymous = r.anonymous || r.pledge?.anonymous === true;
  return {
    id: r.id,
    receiptNo: r.receiptNo,
    donor: donorShown(r.donorName, anonymous),
    anonymous,
    amountFen: r.amountFen,
    receivedOn: r.receivedOn,
    projectId: r.projectId,
    purpose: r.project ? (projectPublic ? r.project.title : '（项目未公开）') : fundName(r.county?.name ?? null),
    projectPublic,
    countyName: r.county?.name ?? null,
  };
}
