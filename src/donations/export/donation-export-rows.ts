/** The rows the 认领认捐汇总表 is written from: plain objects, amounts in integer fen. */
import type { DonationTotals } from '../donation-totals';

/** One project of a county's sheet, with its totals from DonationTotalsService.byProject. */
export interface ProjectRow {
  id: number;
  title: string;
  kindLabel: string;
  township: string;
  village: string | null;
  /** 认捐 (shares), 认领 (whole, open) or 已认领 (claimed). */
  modeLabel: string;
  statusLabel: string;
  deadline: string;
  beneficiaryHouseholds: number | null;
  soughtFen: number | null;
  goodsSought: string | null;
  totals: DonationTotals;
}

/** One 捐赠票据. The donor's real name, and separately what the public pages print; never a phone number. */
export interface ReceiptRow {
  id: number;
  receiptNo: string;
  /** The issuing office: a county's name, or 市级. */
  officeName: string;
  /** The project's title, or the county's or the city's fund. */
  destination: string;
  donorName: string;
  /** 署名 or 匿名: whether the public pages print the donor's name. */
  publicName: string;
  donorKindLabel: string;
  pledgeNo: string | null;
  receivedOn: string;
  amountFen: number;
  bankReference: string | null;
  voided: boolean;
  voidReason: string | null;
}

export interface DisbursementRow {
  id: number;
  countyName: string;
  projectTitle: string;
  paidOn: string;
  payee: string;
  purpose: string;
  amountFen: number;
  hasVoucher: boolean;
}
