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

/** The one step forward from each status; null at the end of the life cycle. */
export function nextStatus(status: FairStatus): FairStatus | null {
  return FAIR_STATUSES[FAIR_STATUSES.indexOf(status) + 1] ?? null;
}

/** What moving into a status means, shown on the page that asks the organiser to confirm it. */
export const FAIR_STATUS_STEP_NOTES: Record<Exclude<FairStatus, 'preparing'>, string> = {
  open: '开始登记后，采购单位可以在意向截止时间前提交、修改和撤回采购意向。',
  closed: '登记截止后，采购单位不能再提交或修改意向；展销会当天各县区在展位登记签约。',
  finished: '展销会结束后，各县区和组织方继续登记实际成交数量。',
  archived: '归档后该届展销会的所有记录只能查看，公示数据不再变动。此操作不能撤销。',
};
