/** The three figures the campaign shows apart, as the fair shows intended and signed apart. */
export interface DonationTotals {
  /** 认捐: open pledges (a promise, not money). */
  pledgedFen: number;
  /** 到账: receipts not voided. The only figure that counts as given. */
  receivedFen: number;
  /** 已使用: disbursements. */
  disbursedFen: number;
}

export const ZERO_TOTALS: DonationTotals = Object.freeze({ pledgedFen: 0, receivedFen: 0, disbursedFen: 0 });

/** 余额 of a project: received less disbursed. */
export const balanceFen = (t: DonationTotals): number => t.receivedFen - t.disbursedFen;
