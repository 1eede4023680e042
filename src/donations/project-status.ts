/**
 * A project's life, reviewed like a product's: 草稿 → 待审核 → 已发布 (or 已退回 with a reason,
 * back to the county) → 已筹满 / 已结束 / 已关闭. Only the public statuses are shown without log-in.
 */
export const PROJECT_STATUSES = ['draft', 'pending', 'returned', 'published', 'funded', 'ended', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  draft: '草稿',
  pending: '待审核',
  returned: '已退回',
  published: '已发布',
  funded: '已筹满',
  ended: '已结束',
  closed: '已关闭',
};

/** What the public pages and the API may show. */
export const PUBLIC_PROJECT_STATUSES: readonly ProjectStatus[] = ['published', 'funded', 'ended', 'closed'];

/** Pledges are taken only while a project is published (not yet funded, ended or closed). */
export const PLEDGEABLE_PROJECT_STATUSES: readonly ProjectStatus[] = ['published'];
