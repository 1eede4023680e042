import type { DonationProject } from '../donation-project.entity';
import type { ProjectStatus } from '../project-status';

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
