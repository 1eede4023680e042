import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, IsNull, Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { formatDateTimeCn } from '../../common/dates';
import { formatFen } from '../../common/money';
import { CountiesService } from '../../counties/counties.service';
import { violatesUniqueIndex } from '../../database/unique-violation';
import { FairsService } from '../../fairs/fairs.service';
import { DonationAccountsService } from '../accounts/donation-accounts.service';
import { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { PledgesService } from '../pledges/pledges.service';
import { lockProjectRow } from '../project-row-lock';
import { ProjectsService } from '../projects/projects.service';
import type { ReceiptInput } from './dto/record-receipt.dto';
import { nextReceiptNo } from './receipt-number';
import { officePlaces, type ReceiptOffice } from './receipt-office';

/** Which receipts a list wants; every field is optional and they combine with AND. */
export interface ReceiptListFilter {
  fairId?: number;
  /** The issuing office's key: 'city' or a county code. */
  office?: string;
  projectId?: number;
  pledgeId?: number;
  /** Voided receipts are listed too unless this is false (the office's own list shows them, marked). */
  includeVoided?: boolean;
}

export interface ReceiptListPage {
  items: DonationReceipt[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_RECEIPT_PAGE_SIZE = 200;

const BANK_REFERENCE_INDEX = { name: 'UQ_donation_receipt_office_bank_ref', sqliteColumn: 'bankReference' };

/** The audit entry's fields of a new receipt (labels in src/audit/audit-fields.ts). */
const AUDITED = [
  'receiptNo',
  'pledgeId',
  'projectId',
  'donorKind',
  'donorName',
  'anonymous',
  'amountFen',
  'receivedOn',
  'bankReference',
] as const;

/**
 * 到账 and 捐赠票据 for every issuing office (the office key is the parameter): record money
 * received against a pledge or without one, number its receipt, void it, and list receipts.
 * Other parts use list() (e.g. a fair's or a project's receipts, a page at a time).
 */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectRepository(DonationReceipt) private readonly receipts: Repository<DonationReceipt>,
    private readonly accounts: DonationAccountsService,
    private readonly pledges: PledgesService,
    private readonly projects: ProjectsService,
    private readonly totals: DonationTotalsService,
    private readonly counties: CountiesService,
    private readonly fairs: FairsService,
    private readonly audit: AuditService,
  ) {}

  /** The office a county operator or the organiser acts for, with the name its receipts print. */
  async officeFor(user: SessionUser): Promise<ReceiptOffice> {
    const county = user.role === 'county' && user.countyId ? await this.counties.findByIdOrThrow(user.countyId) : null;
    const places = officePlaces(user, county?.code ?? null);
    // The office's name and account as the accounts part keeps them: one naming for every page.
    const { officeName, account } = await this.accounts.office(places.key);
    return {
      ...places,
      name: account?.accountName ?? officeName,
      fundLabel: county ? `${county.name}捐赠资金（不定向）` : '市级捐赠资金（不定向）',
    };
  }

  /**
   * Receipts for lists, in the order they were issued, newest first, with each one's project.
   * For any part of the app: e.g. list({ fairId, includeVoided: false }, 2, 50) for a fair's
   * received donations page by page, list({ projectId }) for one project's. Count and page come
   * from the same filter; pageSize is capped at MAX_RECEIPT_PAGE_SIZE. Received money is summed
   * by DonationTotalsService, never from these pages.
   */
  async list(filter: ReceiptListFilter, page = 1, pageSize = 50): Promise<ReceiptListPage> {
    const size = Math.min(Math.max(1, Math.trunc(pageSize)), MAX_RECEIPT_PAGE_SIZE);
    const current = Math.max(1, Math.trunc(page));
    const where: FindOptionsWhere<DonationReceipt> = {};
    if (filter.fairId !== undefined) where.fairId = filter.fairId;
    if (filter.office !== undefined) where.office = filter.office;
    if (filter.projectId !== undefined) where.projectId = filter.projectId;
    if (filter.pledgeId !== undefined) where.pledgeId = filter.pledgeId;
    if (filter.includeVoided === false) where.voidedAt = IsNull();
    const [items, total] = await this.receipts.findAndCount({
      where,
      relations: { project: true },
      order: { id: 'DESC' },
      skip: (current - 1) * size,
      take: size,
    });
    return { items, total, page: current, pageSize: size };
  }

  /** One receipt the office issued; another office's is "not found" (404), never shown. */
  async byIdForOffice(office: ReceiptOffice, id: number, manager?: EntityManager): Promise<DonationReceipt> {
    const repo = manager ? manager.getRepository(DonationReceipt) : this.receipts;
    const receipt = await repo.findOne({ where: { id, office: office.key }, relations: { project: true, pledge: true } });
    if (!receipt) throw AppError.notFound('捐赠票据');
    return receipt;
  }

  /**
   * Records money received and issues its receipt, in one transaction with the receipt's
   * number and the audit entry: a refusal anywhere writes nothing and takes no number.
   *
   * A receipt above what remains of its pledge is ALLOWED, on purpose: a receipt documents
   * money that has arrived in the office's account (全额到账), and it cannot be sent back by
   * refusing to record it; splitting one bank transfer into a pledge receipt and a second
   * receipt without a pledge would misstate it. The overpayment shows as 超出 on the office's
   * pledge list and in the message after recording, so the office can follow it up.
   */
  async record(user: SessionUser, office: ReceiptOffice, input: ReceiptInput): Promise<{ receipt: DonationReceipt; overpaidFen: number }> {
    try {
      return await this.receipts.manager.transaction(async (m) => {
        const source = await this.sourceOf(office, input, m);
        await this.fairs.assertWritableById(source.fairId, m);
        if (input.bankReference) await this.assertNewBankReference(office, input.bankReference, m);
        const repo = m.getRepository(DonationReceipt);
        // The number last, just before the insert: the counter row is locked for the shortest time.
        const receipt = await repo.save(
          repo.create({
            ...source,
            office: office.key,
            countyId: office.countyId,
            amountFen: input.amountFen,
            receivedOn: input.receivedOn,
            bankReference: input.bankReference,
            recordedById: user.id,
            voidedAt: null,
            voidReason: null,
            voidedById: null,
            receiptNo: await nextReceiptNo(m, office.key),
          }),
        );
        const changes = Object.fromEntries(AUDITED.map((f) => [f, { before: null, after: receipt[f] }]));
        await this.audit.record(user, 'donation-receipt.record', { type: 'donation_receipt', id: receipt.id }, changes, m);
        let overpaidFen = 0;
        if (source.pledgeId !== null) {
          const received = (await this.pledges.receivedByPledge([source.pledgeId], m)).get(source.pledgeId) ?? 0;
          overpaidFen = Math.max(0, received - source.pledgedFen);
        }
        return { receipt, overpaidFen };
      });
    } catch (err) {
      // Two receipts with one reference raced past the check: the unique index refused the second.
      if (input.bankReference && violatesUniqueIndex(err, BANK_REFERENCE_INDEX)) throw duplicateReference(input.bankReference, null);
      throw err;
    }
  }

  /**
   * Donor, project and fair of a new receipt: from its pledge, or from the form for money without
   * one. The pledge's row stays locked until the receipt is saved, so a cancellation at the same
   * moment (PledgesService.cancel, which counts receipts under the same lock) waits and then refuses.
   */
  private async sourceOf(office: ReceiptOffice, input: ReceiptInput, m: EntityManager) {
    if (input.pledgeId !== null) {
      const pledge = await this.pledges.lockedForOffice(input.pledgeId, office.key, m);
      if (pledge.status !== 'open') {
        throw new AppError('CONFLICT', `认捐 ${pledge.pledgeNo} 已取消，不能再登记到账；如款项确已到账，请按“无认捐的捐款”登记`);
      }
      return {
        fairId: pledge.fairId,
        pledgeId: pledge.id,
        projectId: pledge.projectId,
        donorKind: pledge.donorKind,
        donorName: pledge.donorName,
        anonymous: pledge.anonymous,
        pledgedFen: pledge.amountFen,
      };
    }
    let fairId: number;
    if (input.projectId !== null) {
      const project = await this.projects.findPublic(input.projectId, m);
      if (!project || office.countyId === null || project.countyId !== office.countyId)
        throw AppError.validation({ target: ['请选择本单位已发布的项目或本单位的捐赠资金'] });
      fairId = project.fairId;
    } else {
      fairId = (await this.fairs.current(m)).id;
    }
    return {
      fairId,
      pledgeId: null,
      projectId: input.projectId,
      donorKind: input.donorKind!,
      donorName: input.donorName!,
      anonymous: input.anonymous,
      pledgedFen: 0,
    };
  }

  private async assertNewBankReference(office: ReceiptOffice, bankReference: string, m: EntityManager): Promise<void> {
    const existing = await m.getRepository(DonationReceipt).findOneBy({ office: office.key, bankReference });
    if (existing) throw duplicateReference(bankReference, existing.receiptNo);
  }

  /**
   * 作废: the receipt keeps its number and stays listed, marked 已作废 with the reason, and no
   * longer counts as received anywhere (every sum skips voided receipts). One conditional
   * update, so two voids at once cannot both succeed; audited in the same transaction.
   */
  async void(user: SessionUser, office: ReceiptOffice, id: number, reason: string): Promise<DonationReceipt> {
    return this.receipts.manager.transaction(async (m) => {
      const receipt = await this.byIdForOffice(office, id, m);
      if (receipt.voidedAt) throw alreadyVoided(receipt);
      await this.fairs.assertWritableById(receipt.fairId, m);
      if (receipt.projectId !== null) await this.assertVoidKeepsDisbursedCovered(receipt, receipt.projectId, m);
      const voidedAt = new Date();
      const result = await m
        .getRepository(DonationReceipt)
        .update({ id, office: office.key, voidedAt: IsNull() }, { voidedAt, voidReason: reason, voidedById: user.id });
      if (!result.affected) throw alreadyVoided(await this.byIdForOffice(office, id, m));
      await this.audit.record(
        user,
        'donation-receipt.void',
        { type: 'donation_receipt', id },
        { voidReason: { before: null, after: reason }, voidedAt: { before: null, after: voidedAt.toISOString() } },
        m,
      );
      return { ...receipt, voidedAt, voidReason: reason, voidedById: user.id };
    });
  }

  /**
   * Refuses a void that would leave the project having paid out more than it received. The
   * project's row is locked first (as recording a disbursement does, project-row-lock.ts), so
   * a void and a disbursement at the same moment run one after the other and the second sees
   * the first's money.
   */
  private async assertVoidKeepsDisbursedCovered(receipt: DonationReceipt, projectId: number, m: EntityManager): Promise<void> {
    await lockProjectRow(m, projectId);
    const { receivedFen, disbursedFen } = await this.totals.ofProject(projectId, m);
    const left = receivedFen - receipt.amountFen;
    if (left < disbursedFen) {
      throw new AppError(
        'CONFLICT',
        `作废票据 ${receipt.receiptNo} 后，该项目的到账将只剩 ${formatFen(left)}，少于已登记的资金使用 ${formatFen(disbursedFen)}，不能作废。` +
          '请先核对该项目的资金使用记录。',
      );
    }
  }
}

function duplicateReference(bankReference: string, receiptNo: string | null): AppError {
  const where = receiptNo ? `票据 ${receiptNo}` : '另一张票据';
  return AppError.validation(
    { bankReference: [`银行流水号 ${bankReference} 已登记在${where}上，同一笔款项不能重复登记`] },
    '该银行流水号已登记过，未保存本次登记',
  );
}

function alreadyVoided(receipt: DonationReceipt): AppError {
  return new AppError('CONFLICT', `票据 ${receipt.receiptNo} 已于 ${formatDateTimeCn(receipt.voidedAt)} 作废，不能重复作废`);
}
