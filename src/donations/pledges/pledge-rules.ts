import type { DonationProject } from '../donation-project.entity';

/** The letters of a pledge number: RJ-20201017-0001 (认捐). */
export const PLEDGE_NO_LETTERS = 'RJ';

/** A project claimed whole (认领) takes one pledge for what it seeks; a goods project without an amount asks the donor's estimate. */
export const isWholeClaim = (project: DonationProject): boolean => project.claimMode === 'whole';

/** The claim's amount when it is fixed by the project (its sought amount), else null (typed by the donor). */
export const fixedClaimFen = (project: DonationProject): number | null =>
  isWholeClaim(project) && project.soughtFen !== null ? project.soughtFen : null;
