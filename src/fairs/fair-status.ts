/**
 * A fair's life cycle, moved forward by the organiser: counties prepare their listing
 * (筹备中), buyer units register intents (意向登记中), the fair day's signing (登记截止),
 * recording delivery (已结束), and the read-only archive (已归档).
 */
export const FAIR_STATUSES = ['preparing', 'open', 'closed', 'finished', 'archived'] as const;
export type FairStatus = (typeof FAIR_STATUSES)[number];

export const FAIR_STATUS_LABELS: Record<FairStatus, string> = {
  preparing: '筹备中',
  open: '意向登记中',
  closed: '登记截止',
  finished: '已结束',
  archived: '已归档',
};

/** Buyer units submit, amend and withdraw intents only while registration is open. */
export const acceptsIntents = (status: FairStatus): boolean => status === 'open';

/** Nothing of an archived fair changes: its 公示 stays as it was published. */
export const isReadOnly = (status: FairStatus): boolean => status === 'archived';
