import { AppError } from '../../common/app-error';
import { formatDateCn, isoDateCst } from '../../common/dates';
import type { DonationProject } from '../donation-project.entity';
import { PLEDGEABLE_PROJECT_STATUSES, PUBLIC_PROJECT_STATUSES, type ProjectStatus } from '../project-status';

/**
 * Who may do what with a project in which status: the rules the services enforce and the
 * pages offer, stated once.
 *
 * After publication the county may still correct the description, the contact, the deadline
 * and the image, and the change is public at once (audited). What donors pledged against —
 * title, place, kind, amount or goods sought, beneficiaries, claim mode, undirected money —
 * stays as approved: changing it under open pledges would change what people promised to
 * fund. Sending those edits back to review would take a live project off the public pages
 * while pledges point at it, so a project that needs such a change is closed and a new one
 * submitted instead.
 */

/** The county submits for review from these (草稿/已退回 → 待审核). */
export const SUBMITTABLE_FROM: readonly ProjectStatus[] = ['draft', 'returned'];

/** The county takes a project back to draft while it waits for review (待审核 → 草稿). */
export const WITHDRAWABLE_FROM: readonly ProjectStatus[] = ['pending'];

/** Every field may change while the project is the county's own draft. */
export const FULLY_EDITABLE: readonly ProjectStatus[] = ['draft', 'returned'];

/** Published: only these fields may change (see above). */
export const PUBLISHED_EDITABLE_FIELDS = ['description', 'contactOffice', 'contactPhone', 'deadline', 'imageKey'] as const;

/** The organiser's later status changes, from → allowed targets. */
export const STATUS_CHANGES: Partial<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  published: ['funded', 'ended', 'closed'],
  funded: ['ended', 'closed'],
  ended: ['closed'],
};

/** What each later status means, for the organiser's confirmation page. */
export const STATUS_CHANGE_CONSEQUENCES: Partial<Record<ProjectStatus, string>> = {
  funded: '项目将显示为“已筹满”，不再接受新的认捐；已有认捐和到账记录保留，仍可登记到账和资金使用。',
  ended: '项目将显示为“已结束”，不再接受新的认捐；已有记录保留，仍在公开页面展示。',
  closed: '项目将显示为“已关闭”，不再接受新的认捐；已有记录保留，仍在公开页面展示。关闭后不能再改变状态。',
};

export type ProjectEditMode = 'full' | 'published' | 'none';

/** How much of the project the county may edit now. */
export function editModeOf(project: Pick<DonationProject, 'status'>): ProjectEditMode {
  if (FULLY_EDITABLE.includes(project.status)) return 'full';
  if (project.status === 'published') return 'published';
  return 'none';
}

/** Where a donor turned away may go instead (the end of each refusal below). */
export const ELSEWHERE = '您可以选择其他项目，或向扶贫基金捐赠。';

const CLOSED_MESSAGES: Partial<Record<ProjectStatus, string>> = {
  funded: `该项目已筹满，不再接受认捐。感谢您的爱心！${ELSEWHERE}`,
  ended: `该项目已结束，不再接受认捐。${ELSEWHERE}`,
  closed: `该项目已关闭，不再接受认捐。${ELSEWHERE}`,
};

/**
 * Refuses a pledge to a project that does not take one now: not public (404, as its page
 * is), funded, ended or closed, past its deadline (the deadline day itself still counts,
 * China Standard Time), or already claimed whole (409, saying why). ProjectsService is the
 * one caller; the pledges part asks it.
 */
export function assertPledgeable(project: DonationProject | null, now = new Date()): asserts project is DonationProject {
  if (!project || !PUBLIC_PROJECT_STATUSES.includes(project.status)) throw AppError.notFound('该项目');
  if (!PLEDGEABLE_PROJECT_STATUSES.includes(project.status)) {
    throw new AppError('CONFLICT', CLOSED_MESSAGES[project.status] ?? '该项目现在不接受认捐');
  }
  if (project.deadline < isoDateCst(now)) {
    throw new AppError('DEADLINE_PASSED', `该项目的认捐已于 ${formatDateCn(project.deadline)} 截止。${ELSEWHERE}`);
  }
  if (project.claimedByPledgeId !== null) throw new AppError('CONFLICT', `该项目已被认领，不再接受认捐。感谢您的关注！${ELSEWHERE}`);
}
