import { isoDateCst } from '../../common/dates';
import { imageUrlsOf } from '../../products/product-images';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, type ProjectKind } from '../project-kinds';
import { PLEDGEABLE_PROJECT_STATUSES, PROJECT_STATUS_LABELS, PUBLIC_PROJECT_STATUSES, type ProjectStatus } from '../project-status';
import { balanceFen } from '../donation-totals';
import type { PublicProject } from './public-records';

/** The city page shows 12 projects a page; the API lets the caller choose up to 100. */
export const HTML_PROJECTS_PAGE_SIZE = 12;
export const API_MAX_PAGE_SIZE = 100;
export const DONATIONS_PAGE_SIZE = 50;
export const MAX_PAGE = 100_000;

export const isProjectKind = (v: unknown): v is ProjectKind => (PROJECT_KINDS as readonly unknown[]).includes(v);
export const isPublicStatus = (v: unknown): v is ProjectStatus => (PUBLIC_PROJECT_STATUSES as readonly unknown[]).includes(v);

/** received ÷ sought as a whole percentage for the bar, capped at 100; null without an amount sought. */
export function receivedPercent(p: Pick<PublicProject, 'soughtFen' | 'receivedFen'>): number | null {
  if (!p.soughtFen) return null;
  return Math.max(0, Math.min(100, Math.floor((p.receivedFen / p.soughtFen) * 100)));
}

/**
 * Whether the page offers 我要认捐 / 我要认领: a published project of a fair that is not
 * archived, not claimed whole yet, before its deadline (CST). The pledge form checks again.
 */
export function pledgeAction(p: PublicProject, fairArchived: boolean, today = isoDateCst()): string | null {
  if (!PLEDGEABLE_PROJECT_STATUSES.includes(p.status) || fairArchived || p.claimed || p.deadline < today) return null;
  return p.claimMode === 'whole' ? '我要认领' : '我要认捐';
}

/** A project as the cards and the project page show it: labels, the bar, the image. */
export function projectCard(p: PublicProject, fairArchived: boolean) {
  return {
    ...p,
    kindLabel: PROJECT_KIND_LABELS[p.kind],
    statusLabel: PROJECT_STATUS_LABELS[p.status],
    place: [p.township, p.village].filter(Boolean).join(' '),
    receivedPct: receivedPercent(p),
    balanceFen: balanceFen(p),
    goodsLines: p.goodsSought ? p.goodsSought.split(/\r?\n/).filter((l) => l.trim() !== '') : [],
    pledgeLabel: pledgeAction(p, fairArchived),
    // Still 已发布 until the office ends it, but no longer taking pledges: say so beside the status.
    deadlinePassed: p.status === 'published' && p.deadline < isoDateCst(),
    ...imageUrlsOf(p.imageKey),
  };
}

/** The filter options of the list, the chosen one marked. */
export function filterOptions(kind: string | undefined, status: string | undefined) {
  return {
    kinds: PROJECT_KINDS.map((value) => ({ value, label: PROJECT_KIND_LABELS[value], selected: value === kind })),
    statuses: PUBLIC_PROJECT_STATUSES.map((value) => ({ value, label: PROJECT_STATUS_LABELS[value], selected: value === status })),
  };
}
