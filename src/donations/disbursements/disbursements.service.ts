import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { In, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { formatFen } from '../../common/money';
import { FairsService } from '../../fairs/fairs.service';
import { BlobStore } from '../../storage/blob-store';
import { SUMMARY_FILE_TYPES } from '../../summaries/summary-file-types';
import { checkFile, type CheckedUpload, type IncomingFile } from '../../summaries/summary-upload-checks';
import { Disbursement } from '../disbursement.entity';
import { DonationProject } from '../donation-project.entity';
import { balanceFen, type DonationTotals } from '../donation-totals';
import { DonationTotalsService } from '../donation-totals.service';
import { lockProjectRow } from '../project-row-lock';
import type { DisbursementValues } from './dto/disbursement-input.dto';
import { VOUCHER_KEY_PATTERN, VOUCHER_RULES } from './voucher-upload';

/**
 * What anyone may read of a disbursement: the public project page, the API and the
 * organiser's workbook. The payment voucher is left out on purpose (see voucher-upload.ts).
 */
export interface PublicDisbursement {
  id: number;
  projectId: number;
  /** 支付日期, YYYY-MM-DD. */
  paidOn: string;
  /** 收款方 */
  payee: string;
  /** 用途 */
  purpose: string;
  amountFen: number;
}

const publicFields = (d: Disbursement): PublicDisbursement => ({
  id: d.id,
  projectId: d.projectId,
  paidOn: d.paidOn,
  payee: d.payee,
  purpose: d.purpose,
  amountFen: d.amountFen,
});

/** How long the same payment sent again counts as the same form sent twice, not a second payment. */
const REPEAT_WINDOW_MS = 2 * 60 * 1000;

const AUDITED_FIELDS = ['projectId', 'amountFen', 'paidOn', 'payee', 'purpose', 'attachmentName'] as const;

/**
 * 资金使用 (谁使用、谁公开): the payments a county makes out of a project's received donations.
 * A disbursement is never above the project's balance (received − disbursed, from
 * DonationTotalsService): the check and the insert share one transaction that holds the
 * project's row (FOR UPDATE on PostgreSQL; SQLite runs one write transaction at a time), so
 * two recorded at the same moment cannot both pass on the same balance.
 */
@Injectable()
export class DisbursementsService {
  constructor(
    @InjectRepository(Disbursement) private readonly repo: Repository<Disbursement>,
    @InjectRepository(DonationProject) private readonly projects: Repository<DonationProject>,
    private readonly totals: DonationTotalsService,
    private readonly fairs: FairsService,
    private readonly blobs: BlobStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * A project's disbursements, oldest payment first, with only what may be published: date,
   * payee, purpose and amount. For the public project page and the workbook's 资金使用 sheet.
   * The caller decides whether the project itself is public.
   */
  async forProject(projectId: number): Promise<PublicDisbursement[]> {
    return (await this.forProjects([projectId])).get(projectId)!;
  }

  /** forProject() for many projects in one query (a county's page, the workbook); every id gets a list. */
  async forProjects(projectIds: number[]): Promise<Map<number, PublicDisbursement[]>> {
    const out = new Map<number, PublicDisbursement[]>(projectIds.map((id) => [id, []]));
    if (projectIds.length === 0) return out;
    const rows = await this.repo.find({ where: { projectId: In(projectIds) }, order: { paidOn: 'ASC', id: 'ASC' } });
    for (const row of rows) out.get(row.projectId)!.push(publicFields(row));
    return out;
  }

  /** A project's disbursements with their vouchers' names, for the county office and the organiser. */
  listForOffice(projectId: number): Promise<Disbursement[]> {
    return this.repo.find({ where: { projectId }, order: { paidOn: 'ASC', id: 'ASC' } });
  }

  /**
   * The project whose disbursements the user may see: a county its own projects only (another
   * county's is "not found", which does not tell it exists), the organiser every one.
   */
  async projectVisibleTo(user: SessionUser, projectId: number): Promise<DonationProject> {
    const project = await this.projects.findOne({ where: { id: projectId }, relations: { county: true } });
    if (!project || (user.role !== 'organiser' && (user.role !== 'county' || project.countyId !== user.countyId))) {
      throw AppError.notFound('该项目');
    }
    return project;
  }

  totalsOf(projectId: number): Promise<DonationTotals> {
    return this.totals.ofProject(projectId);
  }

  /**
   * Records a payment out of the county's own project. The voucher, if any, is checked before
   * anything is written and stored before the row; a refusal after that (the balance, an
   * archived fair) removes it again, so a refused disbursement leaves neither row nor file.
   *
   * A form sent twice (a double tap, a resend after a slow answer) is recorded once: the same
   * payment by the same person within REPEAT_WINDOW_MS answers with the first row, and is looked
   * for before the balance, so the second send does not report the first as "above the balance".
   */
  async record(user: SessionUser, projectId: number, values: DisbursementValues, voucher: IncomingFile | null): Promise<Disbursement> {
    const project = await this.projectVisibleTo(user, projectId);
    if (user.role !== 'county') throw AppError.forbidden('只有项目所在县区可以登记资金使用');
    await this.fairs.assertWritableById(project.fairId);
    const repeated = await this.repeatOf(user, project.id, values, this.repo.manager);
    if (repeated) return repeated;
    assertWithinBalance(values.amountFen, await this.totals.ofProject(project.id));
    const checked = voucher ? await checkFile(voucher, VOUCHER_RULES) : null;
    const key = checked ? await this.storeVoucher(checked) : null;
    let kept = false;
    try {
      return await this.repo.manager.transaction(async (m) => {
        await this.fairs.assertWritableById(project.fairId, m);
        await lockProjectRow(m, project.id);
        const again = await this.repeatOf(user, project.id, values, m);
        if (again) return again;
        assertWithinBalance(values.amountFen, await this.totals.ofProject(project.id, m));
        const repo = m.getRepository(Disbursement);
        const row = await repo.save(
          repo.create({
            projectId: project.id,
            countyId: project.countyId,
            ...values,
            attachmentKey: key,
            attachmentName: checked?.name ?? null,
            attachmentType: checked?.type ?? null,
            recordedById: user.id,
          }),
        );
        const changes = Object.fromEntries(AUDITED_FIELDS.map((f) => [f, { before: null, after: row[f] }]));
        await this.audit.record(user, 'disbursement.create', { type: 'disbursement', id: row.id }, changes, m);
        kept = true;
        return row;
      });
    } finally {
      if (key && !kept) await this.blobs.delete('vouchers', key);
    }
  }

  /** The same payment recorded by the same person moments ago, if any (see record()). */
  private repeatOf(user: SessionUser, projectId: number, values: DisbursementValues, m: EntityManager): Promise<Disbursement | null> {
    return m.getRepository(Disbursement).findOne({
      where: { projectId, ...values, recordedById: user.id, createdAt: MoreThan(new Date(Date.now() - REPEAT_WINDOW_MS)) },
      order: { id: 'ASC' },
    });
  }

  /** The voucher of one of the project's disbursements, for the county office and the organiser. */
  async voucherOf(user: SessionUser, projectId: number, disbursementId: number): Promise<{ row: Disbursement; bytes: Buffer }> {
    const project = await this.projectVisibleTo(user, projectId);
    const row = await this.repo.findOneBy({ id: disbursementId, projectId: project.id });
    const key = row?.attachmentKey;
    const bytes = key && VOUCHER_KEY_PATTERN.test(key) ? await this.blobs.get('vouchers', key) : null;
    if (!row || !bytes) throw AppError.notFound('该付款凭证');
    return { row, bytes };
  }

  private async storeVoucher(file: CheckedUpload): Promise<string> {
    const key = `${randomBytes(16).toString('hex')}.${SUMMARY_FILE_TYPES[file.type].keyExtension}`;
    await this.blobs.put('vouchers', key, file.bytes);
    return key;
  }
}

/** Refuses a payment above what the project has left: received money only, less what was paid out. */
function assertWithinBalance(amountFen: number, totals: DonationTotals): void {
  const balance = balanceFen(totals);
  if (totals.receivedFen <= 0) {
    throw new AppError('CONFLICT', '该项目还没有到账的捐款，不能登记资金使用。', { amount: ['该项目还没有到账的捐款'] });
  }
  if (amountFen > balance) {
    const message =
      `支付金额 ${formatFen(amountFen)} 超过了该项目的余额 ${formatFen(balance)}` +
      `（到账 ${formatFen(totals.receivedFen)}，已使用 ${formatFen(totals.disbursedFen)}），未登记。`;
    throw new AppError('CONFLICT', message, { amount: [`不能超过余额 ${formatFen(balance)}`] });
  }
}
