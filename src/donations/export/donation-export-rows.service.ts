import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, type Repository } from 'typeorm';
import { Disbursement } from '../disbursement.entity';
import { DonationProject } from '../donation-project.entity';
import { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { ANONYMOUS_DONOR, DONOR_KIND_LABELS } from '../donor-kinds';
import { PROJECT_KIND_LABELS } from '../project-kinds';
import { PROJECT_STATUS_LABELS, PUBLIC_PROJECT_STATUSES } from '../project-status';
import type { DisbursementRow, ProjectRow, ReceiptRow } from './donation-export-rows';

/** Rows read per query: memory stays bounded by this, whatever the campaign's size. */
export const DONATION_EXPORT_BATCH = 500;

const day = (value: unknown) => String(value ?? '').slice(0, 10);

/**
 * The 认领认捐汇总表's rows, read in batches by id (keyset: each batch starts after the last
 * id of the one before), only while their sheet is being written.
 */
@Injectable()
export class DonationExportRowsService {
  constructor(
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    @InjectRepository(Disbursement) private readonly disbursements: Repository<Disbursement>,
    private readonly totals: DonationTotalsService,
  ) {}

  /** A county's public projects of the campaign (as the board counts them), with their totals. */
  async *countyProjects(fairId: number, countyId: number, batchSize = DONATION_EXPORT_BATCH): AsyncIterable<ProjectRow[]> {
    let after = 0;
    for (;;) {
      const batch = await this.projects.find({
        where: { fairId, countyId, status: In([...PUBLIC_PROJECT_STATUSES]), id: MoreThan(after) },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (batch.length === 0) return;
      after = batch[batch.length - 1].id;
      const money = await this.totals.byProject(batch.map((p) => p.id));
      yield batch.map((p) => ({
        id: p.id,
        title: p.title,
        kindLabel: PROJECT_KIND_LABELS[p.kind] ?? p.kind,
        township: p.township,
        village: p.village,
        modeLabel: p.claimMode === 'whole' ? (p.claimedByPledgeId ? '已认领' : '认领') : '认捐',
        statusLabel: PROJECT_STATUS_LABELS[p.status] ?? p.status,
        deadline: day(p.deadline),
        beneficiaryHouseholds: p.beneficiaryHouseholds,
        soughtFen: p.soughtFen,
        goodsSought: p.goodsSought,
        totals: money.get(p.id)!,
      }));
      if (batch.length < batchSize) return;
    }
  }

  /** Every receipt of the campaign, voided ones too (they keep their numbers), in the order they were recorded. */
  async *receiptRows(fairId: number, batchSize = DONATION_EXPORT_BATCH): AsyncIterable<ReceiptRow[]> {
    let after = 0;
    for (;;) {
      const batch = await this.receipts.find({
        where: { fairId, id: MoreThan(after) },
        relations: { county: true, project: true, pledge: true },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (batch.length === 0) return;
      after = batch[batch.length - 1].id;
      yield batch.map((r) => ({
        id: r.id,
        receiptNo: r.receiptNo,
        officeName: r.county?.name ?? '市级',
        destination: r.project?.title ?? (r.county ? `${r.county.name}县级统筹（不定向）` : '市级统筹（不定向）'),
        donorName: r.donorName,
        publicName: r.anonymous ? ANONYMOUS_DONOR : '署名',
        donorKindLabel: DONOR_KIND_LABELS[r.donorKind] ?? r.donorKind,
        pledgeNo: r.pledge?.pledgeNo ?? null,
        receivedOn: day(r.receivedOn),
        amountFen: r.amountFen,
        bankReference: r.bankReference,
        voided: r.voidedAt !== null,
        voidReason: r.voidReason,
      }));
      if (batch.length < batchSize) return;
    }
  }

  /** Every disbursement from the campaign's projects, in the order they were recorded. */
  async *disbursementRows(fairId: number, batchSize = DONATION_EXPORT_BATCH): AsyncIterable<DisbursementRow[]> {
    let after = 0;
    for (;;) {
      const batch = await this.disbursements.find({
        where: { project: { fairId }, id: MoreThan(after) },
        relations: { county: true, project: true },
        order: { id: 'ASC' },
        take: batchSize,
      });
      if (batch.length === 0) return;
      after = batch[batch.length - 1].id;
      yield batch.map((d) => ({
        id: d.id,
        countyName: d.county?.name ?? '',
        projectTitle: d.project?.title ?? '',
        paidOn: day(d.paidOn),
        payee: d.payee,
        purpose: d.purpose,
        amountFen: d.amountFen,
        hasVoucher: d.attachmentKey !== null,
      }));
      if (batch.length < batchSize) return;
    }
  }
}
