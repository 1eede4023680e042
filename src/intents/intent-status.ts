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
