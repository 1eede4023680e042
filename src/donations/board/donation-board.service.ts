import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { isoDateCst } from '../../common/dates';
import { AppConfig } from '../../config/app-config';
import { CountiesService } from '../../counties/counties.service';
import { DonationProject } from '../donation-project.entity';
import { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { balanceFen, type DonationTotals, ZERO_TOTALS } from '../donation-totals';
import { Pledge } from '../pledge.entity';
import { PUBLIC_PROJECT_STATUSES } from '../project-status';

/** One line of the board's table: a county's office, or the city office (county null). */
export interface BoardLine extends DonationTotals {
  county: { id: number; code: string; name: string } | null;
  /** Public projects (已发布/已筹满/已结束/已关闭) of the campaign, and what they seek. */
  projects: number;
  soughtFen: number;
  /** Projects waiting for the organiser's review. */
  pending: number;
  balanceFen: number;
}

export interface OverduePledge {
  id: number;
  pledgeNo: string;
  donorName: string;
  anonymous: boolean;
  amountFen: number;
  pledgedAt: Date;
  days: number;
  /** The receiving office's name: a county, or 市级 for the city fund. */
  officeName: string;
  projectTitle: string | null;
}

export interface PastDeadlineProject extends DonationTotals {
  id: number;
  title: string;
  countyName: string;
  deadline: string;
  soughtFen: number | null;
  daysPast: number;
}

export interface DonationBoard {
  lines: BoardLine[];
  total: BoardLine;
  overdueDays: number;
  overdue: OverduePledge[];
  overdueCount: number;
  pastDeadline: PastDeadlineProject[];
}

type CountRow = { countyId: number | string; status: string; n: number | string; fen: number | string | null };

const DAY_MS = 24 * 60 * 60 * 1000;
/** The board lists this many overdue pledges (oldest first) and says how many there are in all. */
export const OVERDUE_SHOWN = 100;

/**
 * The organiser's city-wide 认领认捐 board for one fair's campaign. Money figures come from
 * DonationTotalsService only (so they equal the public pages and the workbook to the fen);
 * this service adds what only the board needs: project counts, pledges left unpaid for
 * longer than PLEDGE_OVERDUE_DAYS, and published projects whose deadline has passed.
 */
@Injectable()
export class DonationBoardService {
  constructor(
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    private readonly totals: DonationTotalsService,
    private readonly counties: CountiesService,
    private readonly config: AppConfig,
  ) {}

  async board(fairId: number, now = new Date()): Promise<DonationBoard> {
    const [lines, overdue, pastDeadline] = await Promise.all([
      this.lines(fairId),
      this.overduePledges(fairId, now),
      this.pastDeadline(fairId, now),
    ]);
    const total = lines.reduce<BoardLine>(
      (sum, l) => ({
        ...sum,
        projects: sum.projects + l.projects,
        soughtFen: sum.soughtFen + l.soughtFen,
        pending: sum.pending + l.pending,
        pledgedFen: sum.pledgedFen + l.pledgedFen,
        receivedFen: sum.receivedFen + l.receivedFen,
        disbursedFen: sum.disbursedFen + l.disbursedFen,
        balanceFen: sum.balanceFen + l.balanceFen,
      }),
      { county: null, projects: 0, soughtFen: 0, pending: 0, ...ZERO_TOTALS, balanceFen: 0 },
    );
    return { lines, total, overdueDays: this.config.pledgeOverdueDays, ...overdue, pastDeadline };
  }

  /** Every county (in code order, those without projects too), then the city office's fund. */
  async lines(fairId: number): Promise<BoardLine[]> {
    const [counties, money, counts] = await Promise.all([
      this.counties.findAll(),
      this.totals.byCounty(fairId),
      this.projects
        .createQueryBuilder('p')
        .select('p.countyId', 'countyId')
        .addSelect('p.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(p.soughtFen)', 'fen')
        .where({ fairId, status: In([...PUBLIC_PROJECT_STATUSES, 'pending']) })
        .groupBy('p.countyId')
        .addGroupBy('p.status')
        .getRawMany<CountRow>(),
    ]);
    const line = (county: BoardLine['county']): BoardLine => {
      const t = money.get(county?.id ?? null) ?? ZERO_TOTALS;
      const mine = counts.filter((r) => county !== null && Number(r.countyId) === county.id);
      const shown = mine.filter((r) => r.status !== 'pending');
      return {
        county,
        projects: shown.reduce((s, r) => s + Number(r.n), 0),
        soughtFen: shown.reduce((s, r) => s + Number(r.fen ?? 0), 0),
        pending: mine.filter((r) => r.status === 'pending').reduce((s, r) => s + Number(r.n), 0),
        pledgedFen: t.pledgedFen,
        receivedFen: t.receivedFen,
        disbursedFen: t.disbursedFen,
        balanceFen: balanceFen(t),
      };
    };
    return [...counties.map((c) => line({ id: c.id, code: c.code, name: c.name })), line(null)];
  }

  /**
   * Open pledges older than the setting with no (valid) receipt against them at all: the
   * office should remind the donor or cancel the pledge. A partly paid pledge is not
   * overdue here: money has arrived, and the office knows the donor is paying.
   */
  async overduePledges(fairId: number, now = new Date()): Promise<{ overdue: OverduePledge[]; overdueCount: number }> {
    const cutoff = new Date(now.getTime() - this.config.pledgeOverdueDays * DAY_MS);
    const query = this.pledges
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.project', 'project')
      .leftJoinAndSelect('p.county', 'county')
      .where('p.fairId = :fairId', { fairId })
      .andWhere("p.status = 'open'")
      .andWhere('p.createdAt < :cutoff', { cutoff })
      .andWhere((qb) => {
        const received = qb
          .subQuery()
          .select('1')
          .from(DonationReceipt, 'r')
          .where('r.pledgeId = p.id')
          .andWhere('r.voidedAt IS NULL')
          .getQuery();
        return `NOT EXISTS ${received}`;
      })
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC');
    const [rows, overdueCount] = await query.take(OVERDUE_SHOWN).getManyAndCount();
    return {
      overdueCount,
      overdue: rows.map((p) => ({
        id: p.id,
        pledgeNo: p.pledgeNo,
        donorName: p.donorName,
        anonymous: p.anonymous,
        amountFen: p.amountFen,
        pledgedAt: p.createdAt,
        days: Math.floor((now.getTime() - p.createdAt.getTime()) / DAY_MS),
        officeName: p.county?.name ?? '市级',
        projectTitle: p.project?.title ?? null,
      })),
    };
  }

  /** Projects still taking pledges (已发布) after their deadline (CST calendar day): end or extend them. */
  async pastDeadline(fairId: number, now = new Date()): Promise<PastDeadlineProject[]> {
    const today = isoDateCst(now);
    const rows = await this.projects
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.county', 'county')
      .where({ fairId, status: 'published' })
      .andWhere('p.deadline < :today', { today })
      .orderBy('p.deadline', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
    const money = await this.totals.byProject(rows.map((p) => p.id));
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      countyName: p.county?.name ?? '',
      deadline: String(p.deadline).slice(0, 10),
      soughtFen: p.soughtFen,
      daysPast: Math.round((Date.parse(today) - Date.parse(String(p.deadline).slice(0, 10))) / DAY_MS),
      ...money.get(p.id)!,
    }));
  }
}
