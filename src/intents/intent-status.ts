/** 意向 lifecycle: submitted by the unit, confirmed by the organiser, signed at the fair. */
export const INTENT_STATUSES = ['submitted', 'confirmed', 'signed', 'withdrawn', 'cancelled'] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export const INTENT_STATUS_LABELS: Record<IntentStatus, string> = {
  submitted: '已提交',
  confirmed: '已确认',
  signed: '已签约',
  withdrawn: '已撤回',
  cancelled: '已取消',
};

/**
 * Intents that count as demand — not withdrawn or cancelled: the fair's figures (unless a
 * filter names other statuses), the counties' demand, and the intents a stand may sign.
 */
export const COUNTED_STATUSES: IntentStatus[] = ['submitted', 'confirmed', 'signed'];

/** Statuses in which the buyer may still change or withdraw an intent (before the deadline). */
export const OPEN_FOR_BUYER: IntentStatus[] = ['submitted', 'confirmed'];

/** What the organiser may do to an intent (组织方处理), and from which statuses. */
export const INTENT_STATUS_ACTIONS = {
  confirm: { from: ['submitted'], to: 'confirmed' },
  cancel: { from: ['submitted', 'confirmed'], to: 'cancelled' },
  reopen: { from: ['withdrawn', 'cancelled', 'confirmed'], to: 'submitted' },
} as const satisfies Record<string, { from: IntentStatus[]; to: IntentStatus }>;
export type IntentStatusAction = keyof typeof INTENT_STATUS_ACTIONS;

/** The organiser's actions open from `status` (none once signed: the page shows no empty form). */
export function statusActionsFrom(status: IntentStatus): IntentStatusAction[] {
  return (Object.keys(INTENT_STATUS_ACTIONS) as IntentStatusAction[]).filter((a) =>
    (INTENT_STATUS_ACTIONS[a].from as readonly IntentStatus[]).includes(status),
  );
}
