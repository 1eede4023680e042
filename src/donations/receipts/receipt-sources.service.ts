import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, IsNull, Repository } from 'typeorm';
import { AppError } from '../../common/app-error';
import { DonationProject } from '../donation-project.entity';
import { DonationReceipt } from '../donation-receipt.entity';
import { Pledge } from '../pledge.entity';
import { PUBLIC_PROJECT_STATUSES } from '../project-status';
import type { ReceiptOffice } from './receipt-office';

/** An open pledge to the office with what has arrived against it so far. */
export interface PledgeProgress {
  pledge: Pledge;
  receivedFen: number;
  /** pledged − received; negative when more arrived than was pledged (shown as 超出). */
  remainingFen: number;
}

/**
 * What a receipt is recorded against: the pledges to an office (directed to its county's
 * projects and undirected to its fund) and the county's public projects.
 *
 * Reads the Pledge and DonationProject tables itself (the same feature folder) until the
 * pledges part's PledgesService (openPledgesForOffice, byIdForOffice) and the projects part's
 * service land; then these methods should delegate to them.
 */
@Injectable()
export class ReceiptSourcesService {
  constructor(
    @InjectRepository(Pledge) private readonly pledges: Repository<Pledge>,
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
  ) {}

  /** Pledges whose money this office receives: its county's (projects and fund), or the city fund's. */
  private officeWhere(office: ReceiptOffice) {
    return office.countyId === null ? { countyId: IsNull(), projectId: IsNull() } : { countyId: office.countyId };
  }

  /** The office's open pledges of a fair's campaign, oldest first, with received and remaining. */
  async openPledgesForOffice(office: ReceiptOffice, fairId: number): Promise<PledgeProgress[]> {
    const pledges = await this.pledges.find({
      where: { ...this.officeWhere(office), fairId, status: 'open' },
      relations: { project: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const received = await this.receivedByPledge(pledges.map((p) => p.id));
    return pledges.map((pledge) => {
      const receivedFen = received.get(pledge.id) ?? 0;
      return { pledge, receivedFen, remainingFen: pledge.amountFen - receivedFen };
    });
  }

  /** One pledge of this office (any status); another office's pledge is "not found" (404). */
  async pledgeForOffice(office: ReceiptOffice, id: number, manager?: EntityManager): Promise<Pledge> {
    const repo = manager ? manager.getRepository(Pledge) : this.pledges;
    const pledge = await repo.findOne({ where: { id, ...this.officeWhere(office) }, relations: { project: true } });
    if (!pledge) throw AppError.notFound('认捐记录');
    return pledge;
  }

  /** Money received (receipts not voided) per pledge id. */
  async receivedByPledge(pledgeIds: number[], manager?: EntityManager): Promise<Map<number, number>> {
    if (pledgeIds.length === 0) return new Map();
    const repo = manager ? manager.getRepository(DonationReceipt) : this.receipts;
    const rows = await repo
      .createQueryBuilder('r')
      .select('r.pledgeId', 'pledgeId')
      .addSelect('SUM(r.amountFen)', 'fen')
      .where({ pledgeId: In(pledgeIds) })
      .andWhere('r.voidedAt IS NULL')
      .groupBy('r.pledgeId')
      .getRawMany<{ pledgeId: number | string; fen: number | string | null }>();
    return new Map(rows.map((r) => [Number(r.pledgeId), Number(r.fen ?? 0)]));
  }

  /**
   * The county's projects money may be recorded to without a pledge: public ones (published,
   * funded, ended or closed — a transfer may arrive after a project filled or ended) of the
   * fair's campaign. The city office has no projects: its money goes to the city fund.
   */
  async projectsForOffice(office: ReceiptOffice, fairId: number): Promise<DonationProject[]> {
    if (office.countyId === null) return [];
    return this.projects.find({
      where: { countyId: office.countyId, fairId, status: In([...PUBLIC_PROJECT_STATUSES]) },
      order: { id: 'ASC' },
    });
  }

  /** A project the office may record money to, or null when it is not one (another county's, a draft…). */
  async projectForOffice(office: ReceiptOffice, id: number, manager: EntityManager): Promise<DonationProject | null> {
    if (office.countyId === null) return null;
    return manager.getRepository(DonationProject).findOneBy({
      id,
      countyId: office.countyId,
      status: In([...PUBLIC_PROJECT_STATUSES]),
    });
  }
}
