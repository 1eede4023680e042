import type { ProjectKind } from '../project-kinds';
import type { ProjectStatus } from '../project-status';
import { ANONYMOUS_DONOR } from '../donor-kinds';

/**
 * What the public pages and the API may show of the 认领认捐 records. Every field is picked
 * explicitly in the services: a donor's phone, message, bank reference or the name of an
 * anonymous donor cannot reach a page by being added to a query later.
 */
export interface PublicProject {
  id: number;
  fairId: number;
  title: string;
  kind: ProjectKind;
  county: { code: string; name: string };
  township: string;
  village: string | null;
  /** null for a goods project that asks only for items (goodsSought). */
  soughtFen: number | null;
  goodsSought: string | null;
  pledgedFen: number;
  receivedFen: number;
  disbursedFen: number;
  status: ProjectStatus;
  deadline: string;
  claimMode: 'whole' | 'shares';
  /** Claimed whole (认领) by a pledge. */
  claimed: boolean;
  /** The claimer's name, null when it must not be shown (see claimerShown). */
  claimerName: string | null;
  imageKey: string | null;
}

/** A project page's extra facts (the list does not need them). */
export interface PublicProjectDetail extends PublicProject {
  description: string;
  beneficiaryHouseholds: number | null;
  beneficiaryPeople: number | null;
  contactOffice: string;
  contactPhone: string | null;
}

/** One received donation (a receipt not voided), as 捐赠公示 and /api/donations show it. */
export interface PublicDonation {
  id: number;
  receiptNo: string;
  /** The donor's name, or 匿名. */
  donor: string;
  anonymous: boolean;
  amountFen: number;
  receivedOn: string;
  /** null for money to a county's or the city's fund. */
  projectId: number | null;
  /** The project's title, or the fund's name; a project not (or no longer) public is not named. */
  purpose: string;
  /** Whether the purpose names a public project the page may link to. */
  projectPublic: boolean;
  /** The issuing office's county name, null for the city office. */
  countyName: string | null;
}

/** 资金使用 as the public sees it: no voucher file, no one who recorded it. */
export interface PublicDisbursement {
  paidOn: string;
  payee: string;
  purpose: string;
  amountFen: number;
}

/**
 * The name a donation shows. The caller passes anonymous = the receipt OR the pledge it was
 * received against chose anonymity: either is enough, or a named pledge received as anonymous
 * (or the reverse) would put the name beside the amount on some page.
 */
export function donorShown(name: string, anonymous: boolean): string {
  return anonymous ? ANONYMOUS_DONOR : name;
}

/** The name of a fund (不定向 money): the county's or the city's. */
export function fundName(countyName: string | null): string {
  return countyName ? `${countyName}统筹资金（不定向）` : '市统筹资金（不定向）';
}
