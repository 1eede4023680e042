import { AppError } from '../../common/app-error';
import { formatDateCn, isoDateCst } from '../../common/dates';
import type { DonationProject } from '../donation-project.entity';
import { PLEDGEABLE_PROJECT_STATUSES, PUBLIC_PROJECT_STATUSES } from '../project-status';

/** The letters of a pledge number: RJ-20201017-0001 (认捐). */
export const PLEDGE_NO_LETTERS = 'RJ';

/** A project claimed whole (认领) takes one pledge for what it seeks; a goods project without an amount asks the donor's estimate. */
export const isWholeClaim = (project: DonationProject): boolean => project.claimMode === 'whole';

/** The claim's amount when it is fixed by the project (its sought amount), else null (typed by the donor). */
export const fixedClaimFen = (project: DonationProject): number | null =>
  isWholeClaim(project) && project.soughtFen !== null ? project.soughtFen : null;

const CLOSED_MESSAGES: Partial<Record<DonationProject['status'], string>> = {
  funded: '该项目已筹满，不再接受认捐。感谢您的爱心！您可以选择其他项目，或向扶贫基金捐赠。',
  ended: '该项目已结束，不再接受认捐。您可以选择其他项目，或向扶贫基金捐赠。',
  closed: '该项目已关闭，不再接受认捐。您可以选择其他项目，或向扶贫基金捐赠。',
};

/**
 * Refuses a pledge to a project that does not take one now: not public (404, as its page
 * is), funded, ended or closed, past its deadline (the deadline day itself still counts,
 * China Standard Time), or already claimed whole (409, saying why).
 */
export function assertPledgeable(project: DonationProject | null, now = new Date()): asserts project is DonationProject {
  if (!project || !PUBLIC_PROJECT_STATUSES.includes(project.status)) throw AppError.notFound('该项目');
  if (!PLEDGEABLE_PROJECT_STATUSES.includes(project.status)) {
    throw new AppError('CONFLICT', CLOSED_MESSAGES[project.status] ?? '该项目现在不接受认捐');
  }
  if (project.deadline < isoDateCst(now)) {
    throw new AppError(
      'DEADLINE_PASSED',
      `该项目的认捐已于 ${formatDateCn(project.deadline)} 截止。您可以选择其他项目，或向扶贫基金捐赠。`,
    );
  }
  if (project.claimedByPledgeId !== null) {
    throw new AppError('CONFLICT', '该项目已被认领，不再接受认捐。感谢您的关注！您可以选择其他项目，或向扶贫基金捐赠。');
  }
}
