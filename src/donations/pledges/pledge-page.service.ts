import { Injectable } from '@nestjs/common';
import { DonationAccountsService } from '../accounts/donation-accounts.service';
import { officeKey } from '../donation-office';
import { ANONYMOUS_DONOR, DONOR_KIND_LABELS } from '../donor-kinds';
import type { Pledge } from '../pledge.entity';
import { PledgesService, remainingOf } from './pledges.service';

/** Where a pledge goes, as the donor reads it. */
export function destinationOf(pledge: Pledge): string {
  if (pledge.project) return pledge.project.title;
  return pledge.county ? `${pledge.county.name}扶贫基金（不定向）` : '市扶贫基金（不定向）';
}

/** A pledge's state as the donor follows it: 待付款 → 部分到账 → 已全额到账, or 已取消. */
export function progressOf(pledge: Pledge, receivedFen: number): { key: string; label: string } {
  if (pledge.status === 'cancelled') return { key: 'cancelled', label: '已取消' };
  if (receivedFen >= pledge.amountFen) return { key: 'received', label: '已全额到账' };
  if (receivedFen > 0) return { key: 'partial', label: '部分到账' };
  return { key: 'open', label: '待付款' };
}

/** 13800138000 → 138****8000: the page is reached by a link that may be forwarded. */
const maskPhone = (phone: string | null) => (phone && phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '');

/**
 * The pledge page (a public donor's by its link, a unit's from its account): the number,
 * the amount, what it is for, and where and how to pay — the receiving office's account, or
 * whom to ask for it while none is configured.
 */
@Injectable()
export class PledgePageService {
  constructor(
    private readonly pledges: PledgesService,
    private readonly accounts: DonationAccountsService,
  ) {}

  async locals(pledge: Pledge, links: { cancel: string; back: string | null }) {
    const [received, office] = await Promise.all([
      this.pledges.receivedByPledge([pledge.id]),
      this.accounts.office(officeKey(pledge.county?.code)),
    ]);
    const receivedFen = received.get(pledge.id) ?? 0;
    const project = pledge.project ?? null;
    return {
      title: `${pledge.claim ? '认领' : '认捐'} ${pledge.pledgeNo}`,
      pledge,
      action: pledge.claim ? '认领' : '认捐',
      destination: destinationOf(pledge),
      countyName: pledge.county?.name ?? null,
      donorKindLabel: DONOR_KIND_LABELS[pledge.donorKind],
      publicName: pledge.anonymous ? ANONYMOUS_DONOR : pledge.donorName,
      maskedPhone: maskPhone(pledge.donorPhone),
      office,
      contact: project ? { office: project.contactOffice, phone: project.contactPhone } : null,
      receivedFen,
      remainingFen: remainingOf(pledge, receivedFen),
      progress: progressOf(pledge, receivedFen),
      cancellable: this.pledges.cancellable(pledge, receivedFen),
      links,
    };
  }
}
