import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../common/app-error';
import { Disbursement } from '../disbursement.entity';
import { DonationProject } from '../donation-project.entity';
import { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { Pledge } from '../pledge.entity';
import type { ProjectKind } from '../project-kinds';
import { PUBLIC_PROJECT_STATUSES, type ProjectStatus } from '../project-status';
import type { PublicDisbursement, PublicProject, PublicProjectDetail } from './public-records';

export interface ProjectFilters {
  fairId: number;
  countyId?: number;
  kind?: ProjectKind;
  /** One of the public statuses; absent: all of them. */
  status?: ProjectStatus;
}

/**
 * Read-only SQL over the 认领认捐 projects for the public pages and the API: only public
 * statuses (已发布/已筹满/已结束/已关闭), money figures from DonationTotalsService so that
 * every page agrees with the organiser's board and workbook to the fen.
 */
@Injectable()
export class PublicProjectsService {
  constructor(
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    @InjectRepository(Disbursement) private readonly disbursements: Repository<Disbursement>,
    private readonly totals: DonationTotalsService,
  ) {}

  /** One page of a campaign's public projects, newest published first. */
  async list(filters: ProjectFilters, page: number, pageSize: number): Promise<{ items: PublicProject[]; total: number }> {
    const query = this.publicQuery()
      .andWhere('p.fairId = :fairId', { fairId: filters.fairId })
      .orderBy('p.publishedAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    if (filters.countyId !== undefined) query.andWhere('p.countyId = :countyId', { countyId: filters.countyId });
    if (filters.kind) query.andWhere('p.kind = :kind', { kind: filters.kind });
    if (filters.status) query.andWhere('p.status = :status', { status: filters.status });
    const [rows, total] = await query.getManyAndCount();
    return { items: await this.withFigures(rows), total };
  }

  /** A public project (any campaign), or 404: a draft, pending or returned one is not public. */
  async findOrThrow(id: number): Promise<PublicProjectDetail> {
    const row = await this.publicQuery().andWhere('p.id = :id', { id }).getOne();
    if (!row) throw AppError.notFound('该项目');
    const [project] = await this.withFigures([row]);
    return {
      ...project,
      description: row.description,
      beneficiaryHouseholds: row.beneficiaryHouseholds,
      beneficiaryPeople: row.beneficiaryPeople,
      contactOffice: row.contactOffice,
      contactPhone: row.contactPhone,
    };
  }

  /** A project's disbursements, oldest first; the voucher file stays with the offices. */
  async disbursementsOf(projectId: number): Promise<PublicDisbursement[]> {
    const rows = await this.disbursements.find({
      select: { id: true, paidOn: true, payee: true, purpose: true, amountFen: true },
      where: { projectId },
      order: { paidOn: 'ASC', id: 'ASC' },
    });
    return rows.map(({ paidOn, payee, purpose, amountFen }) => ({ paidOn, payee, purpose, amountFen }));
  }

  private publicQuery(): SelectQueryBuilder<DonationProject> {
    return this.projects
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.county', 'c')
      .where('p.status IN (:...statuses)', { statuses: PUBLIC_PROJECT_STATUSES });
  }

  private async withFigures(rows: DonationProject[]): Promise<PublicProject[]> {
    const [figures, claimers] = await Promise.all([this.totals.byProject(rows.map((r) => r.id)), this.claimerNames(rows)]);
    return rows.map((r) => ({
      id: r.id,
      fairId: r.fairId,
      title: r.title,
      kind: r.kind,
      county: { code: r.county!.code, name: r.county!.name },
      township: r.township,
      village: r.village,
      soughtFen: r.soughtFen,
      goodsSought: r.goodsSought,
      ...figures.get(r.id)!,
      status: r.status,
      deadline: r.deadline,
      claimMode: r.claimMode,
      claimed: r.claimedByPledgeId !== null,
      claimerName: r.claimedByPledgeId !== null ? (claimers.get(r.claimedByPledgeId) ?? null) : null,
      imageKey: r.imageKey,
    }));
  }

  /**
   * The names of the claimers that may be shown: a claim pledge that is not anonymous and
   * none of whose receipts was recorded as anonymous. Otherwise the page would print the name
   * as the project's claimer while the same money appears as 匿名 in the donations list.
   */
  private async claimerNames(rows: DonationProject[]): Promise<Map<number, string>> {
    const pledgeIds = rows.map((r) => r.claimedByPledgeId).filter((id): id is number => id !== null);
    if (pledgeIds.length === 0) return new Map();
    const [claims, anonymousReceipts] = await Promise.all([
      this.pledges.find({ select: { id: true, donorName: true, anonymous: true }, where: { id: In(pledgeIds) } }),
      this.receipts.find({ select: { id: true, pledgeId: true }, where: { pledgeId: In(pledgeIds), anonymous: true } }),
    ]);
    const hidden = new Set(anonymousReceipts.map((r) => r.pledgeId));
    return new Map(claims.filter((c) => !c.anonymous && !hidden.has(c.id)).map((c) => [c.id, c.donorName]));
  }
}
