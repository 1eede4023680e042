import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, Repository } from 'typeorm';
import { Disbursement } from './disbursement.entity';
import { DonationProject } from './donation-project.entity';
import { DonationReceipt } from './donation-receipt.entity';
import { type DonationTotals, ZERO_TOTALS } from './donation-totals';
import { Pledge } from './pledge.entity';

type SumRow = { key: number | string | null; fen: number | string | null };

async function inSequence<T>(queries: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const q of queries) out.push(await q());
  return out;
}

/**
 * The one place that sums pledged, received and disbursed money, so that the public pages,
 * the API, the organiser's board and the workbook agree to the fen. Sums are taken from the
 * rows each time (indexed by project and by fair), never kept in a column that could drift.
 */
@Injectable()
export class DonationTotalsService {
  constructor(
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    @InjectRepository(Disbursement) private readonly disbursements: Repository<Disbursement>,
  ) {}

  /**
   * Totals per project id; a project with nothing yet gets zeros. Inside a transaction pass its
   * manager, so the sums are read where the caller's lock holds (a disbursement's balance check).
   */
  async byProject(projectIds: number[], manager?: EntityManager): Promise<Map<number, DonationTotals>> {
    const out = new Map<number, DonationTotals>(projectIds.map((id) => [id, { ...ZERO_TOTALS }]));
    if (projectIds.length === 0) return out;
    const pledges = manager ? manager.getRepository(Pledge) : this.pledges;
    const receipts = manager ? manager.getRepository(DonationReceipt) : this.receipts;
    const disbursements = manager ? manager.getRepository(Disbursement) : this.disbursements;
    const queries = [
      () =>
        pledges
          .createQueryBuilder('p')
          .select('p.projectId', 'key')
          .addSelect('SUM(p.amountFen)', 'fen')
          .where({ projectId: In(projectIds), status: 'open' })
          .groupBy('p.projectId')
          .getRawMany<SumRow>(),
      () =>
        receipts
          .createQueryBuilder('r')
          .select('r.projectId', 'key')
          .addSelect('SUM(r.amountFen)', 'fen')
          .where({ projectId: In(projectIds) })
          .andWhere('r.voidedAt IS NULL')
          .groupBy('r.projectId')
          .getRawMany<SumRow>(),
      () =>
        disbursements
          .createQueryBuilder('d')
          .select('d.projectId', 'key')
          .addSelect('SUM(d.amountFen)', 'fen')
          .where({ projectId: In(projectIds) })
          .groupBy('d.projectId')
          .getRawMany<SumRow>(),
    ];
    // A transaction has one connection: its queries go one after the other (pg refuses overlapping ones).
    const [pledged, received, disbursed] = manager ? await inSequence(queries) : await Promise.all(queries.map((q) => q()));
    for (const [rows, field] of [
      [pledged, 'pledgedFen'],
      [received, 'receivedFen'],
      [disbursed, 'disbursedFen'],
    ] as const) {
      for (const row of rows) out.get(Number(row.key))![field] = Number(row.fen ?? 0);
    }
    return out;
  }

  /** One project's totals (inside the caller's transaction when `manager` is given). */
  async ofProject(projectId: number, manager?: EntityManager): Promise<DonationTotals> {
    return (await this.byProject([projectId], manager)).get(projectId)!;
  }

  /**
   * A fair's campaign per receiving office: the county id, or null for the city office
   * (undirected money to the city's fund). Directed and undirected money both count.
   */
  async byCounty(fairId: number): Promise<Map<number | null, DonationTotals>> {
    const [pledged, received, disbursed] = await Promise.all([
      this.pledges
        .createQueryBuilder('p')
        .select('p.countyId', 'key')
        .addSelect('SUM(p.amountFen)', 'fen')
        .where({ fairId, status: 'open' })
        .groupBy('p.countyId')
        .getRawMany<SumRow>(),
      this.receipts
        .createQueryBuilder('r')
        .select('r.countyId', 'key')
        .addSelect('SUM(r.amountFen)', 'fen')
        .where({ fairId })
        .andWhere('r.voidedAt IS NULL')
        .groupBy('r.countyId')
        .getRawMany<SumRow>(),
      this.disbursements
        .createQueryBuilder('d')
        .innerJoin(DonationProject, 'pr', 'pr.id = d.projectId')
        .select('d.countyId', 'key')
        .addSelect('SUM(d.amountFen)', 'fen')
        .where('pr.fairId = :fairId', { fairId })
        .groupBy('d.countyId')
        .getRawMany<SumRow>(),
    ]);
    const out = new Map<number | null, DonationTotals>();
    for (const [rows, field] of [
      [pledged, 'pledgedFen'],
      [received, 'receivedFen'],
      [disbursed, 'disbursedFen'],
    ] as const) {
      for (const row of rows) {
        const key = row.key === null ? null : Number(row.key);
        if (!out.has(key)) out.set(key, { ...ZERO_TOTALS });
        out.get(key)![field] = Number(row.fen ?? 0);
      }
    }
    return out;
  }

  /** The whole campaign of a fair (the fair's 公示 shows these three). */
  async ofFair(fairId: number): Promise<DonationTotals> {
    const total = { ...ZERO_TOTALS };
    for (const t of (await this.byCounty(fairId)).values()) {
      total.pledgedFen += t.pledgedFen;
      total.receivedFen += t.receivedFen;
      total.disbursedFen += t.disbursedFen;
    }
    return total;
  }
}
