import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import type { FormLocalsProvider } from '../../common/form-view';
import { parseRecordId } from '../../common/id-param';
import { pagination, parsePage } from '../../common/page-param';
import { isReadOnly } from '../../fairs/fair-status';
import { FairsService } from '../../fairs/fairs.service';
import type { DonationReceipt } from '../donation-receipt.entity';
import { DonationTotalsService } from '../donation-totals.service';
import { ZERO_TOTALS } from '../donation-totals';
import { DONATION_TEXT_LIMITS } from '../donation-limits';
import { DONOR_KIND_LABELS, DONOR_KINDS } from '../donor-kinds';
import { FUND_TARGET } from './dto/record-receipt.dto';
import { receivedOnBounds } from './dto/receipt-fields';
import type { ReceiptOffice } from './receipt-office';
import { PledgesService, remainingOf } from '../pledges/pledges.service';
import { ProjectsService } from '../projects/projects.service';
import type { Pledge } from '../pledge.entity';
import { ReceiptsService } from './receipts.service';

const PAGE_SIZE = 50;

/** A receipt as the pages show it: where the money went, its donor kind and status in words. */
function receiptView(r: DonationReceipt, office: ReceiptOffice) {
  return {
    ...r,
    targetLabel: r.project ? r.project.title : office.fundLabel,
    donorKindLabel: DONOR_KIND_LABELS[r.donorKind] ?? r.donorKind,
    voided: r.voidedAt !== null,
  };
}

/** A pledge to the office with what has arrived on it: remaining, or overpaid (超出) when more arrived than was pledged. */
function pledgeView(pledge: Pledge, receivedFen: number, office: ReceiptOffice) {
  return {
    ...pledge,
    targetLabel: pledge.project ? pledge.project.title : office.fundLabel,
    donorKindLabel: DONOR_KIND_LABELS[pledge.donorKind] ?? pledge.donorKind,
    receivedFen,
    remainingFen: remainingOf(pledge, receivedFen),
    overpaidFen: Math.max(0, receivedFen - pledge.amountFen),
  };
}

/**
 * What the receipts pages show, for whichever office the signed-in user acts for (the
 * county's or the city's): the office page, the record form, a receipt and its print page.
 * Shared by the county's and the organiser's controllers, which differ only in their paths.
 */
@Injectable()
export class ReceiptPages {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly pledges: PledgesService,
    private readonly projects: ProjectsService,
    private readonly fairs: FairsService,
    private readonly totals: DonationTotalsService,
  ) {}

  /** The office page: open pledges with received and remaining, then its receipts a page at a time. */
  async index(user: SessionUser, pageParam: unknown) {
    const office = await this.receipts.officeFor(user);
    const fair = await this.fairs.current();
    const page = parsePage(pageParam);
    const [pledges, list, byOffice] = await Promise.all([
      this.pledges.openPledgesForOffice(fair.id, office.key),
      this.receipts.list({ office: office.key }, page, PAGE_SIZE),
      this.totals.byCounty(fair.id),
    ]);
    return {
      title: `捐赠到账与票据 · ${office.name}`,
      office,
      fair,
      readOnly: isReadOnly(fair.status),
      // The campaign's figures for this office from the one totals service, pledged and received apart.
      totals: byOffice.get(office.countyId) ?? ZERO_TOTALS,
      pledges: await this.withReceived(pledges, office),
      receipts: list.items.map((r) => receiptView(r, office)),
      pager: pagination(list.page, list.total, list.pageSize),
      filters: {},
    };
  }

  /**
   * The record form: for a pledge (its donor and project shown, not asked) or for money without
   * one. A new form is refused while the current fair is archived; a refused post shows the form
   * again whatever the fair, with the refusal's message.
   */
  async form(user: SessionUser, pledgeParam: unknown, { refuseIfArchived = false } = {}) {
    const office = await this.receipts.officeFor(user);
    const fair = await this.fairs.current();
    if (refuseIfArchived) this.fairs.assertWritable(fair);
    let pledge: ReturnType<typeof pledgeView> | null = null;
    if (pledgeParam !== undefined && pledgeParam !== '') {
      const id = parseRecordId(Array.isArray(pledgeParam) ? pledgeParam[0] : pledgeParam);
      if (id === null) throw AppError.notFound('认捐记录');
      [pledge] = await this.withReceived([await this.pledges.byIdForOffice(id, office.key)], office);
    }
    // The city office has no projects: its money without a pledge goes to the city fund.
    const projects = office.countyId === null ? [] : await this.projects.publicForCounty(office.countyId, fair.id);
    const { earliest, latest } = receivedOnBounds();
    return {
      title: pledge ? `登记到账 · 认捐 ${pledge.pledgeNo}` : '登记到账 · 无认捐的捐款',
      office,
      fair,
      pledge,
      donorKinds: DONOR_KINDS.map((k) => ({ value: k, label: DONOR_KIND_LABELS[k] })),
      targets: [{ value: FUND_TARGET, label: office.fundLabel }, ...projects.map((p) => ({ value: String(p.id), label: p.title }))],
      earliest,
      latest,
      limits: DONATION_TEXT_LIMITS,
    };
  }

  private async withReceived(pledges: Pledge[], office: ReceiptOffice) {
    const received = await this.pledges.receivedByPledge(pledges.map((p) => p.id));
    return pledges.map((p) => pledgeView(p, received.get(p.id) ?? 0, office));
  }

  /** One receipt with its void form. */
  async show(user: SessionUser, id: number) {
    const office = await this.receipts.officeFor(user);
    const receipt = await this.receipts.byIdForOffice(office, id);
    const fair = await this.fairs.byId(receipt.fairId);
    return {
      title: `捐赠票据 ${receipt.receiptNo}`,
      office,
      fair,
      readOnly: isReadOnly(fair.status),
      receipt: receiptView(receipt, office),
      limits: DONATION_TEXT_LIMITS,
    };
  }

  /** The A4 捐赠票据 (public/css/donation-receipt.css): the donor's own receipt, with the real name. */
  async print(user: SessionUser, id: number) {
    const office = await this.receipts.officeFor(user);
    const receipt = await this.receipts.byIdForOffice(office, id);
    return {
      layout: 'print-layout',
      stylesheet: '/static/css/donation-receipt.css',
      title: `捐赠票据 ${receipt.receiptNo}`,
      office,
      receipt: receiptView(receipt, office),
      back: `${office.receiptsPath}/${receipt.id}`,
    };
  }
}

/** The record form again, after a refusal, with the pledge the form was for. */
@Injectable()
export class ReceiptFormLocals implements FormLocalsProvider {
  constructor(private readonly pages: ReceiptPages) {}

  formLocals(req: Request) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return this.pages.form(req.currentUser!, body.pledgeId);
  }
}

/** The receipt page again, after a refused void (no reason given, already voided). */
@Injectable()
export class ReceiptShowLocals implements FormLocalsProvider {
  constructor(private readonly pages: ReceiptPages) {}

  formLocals(req: Request) {
    const id = parseRecordId(req.params.id);
    if (id === null) throw AppError.notFound('捐赠票据');
    return this.pages.show(req.currentUser!, id);
  }
}
