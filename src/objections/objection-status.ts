import type { ObjectionStatus } from './objection.entity';

/** 异议 status as the organiser and the public read it. */
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  open: '待答复',
  answered: '已答复',
  closed: '已关闭',
};

/** The stylesheet's status colours reused: open like a submission, answered like a confirmation, closed like a withdrawal. */
export const OBJECTION_STATUS_CLASSES: Record<ObjectionStatus, string> = {
  open: 'status-submitted',
  answered: 'status-confirmed',
  closed: 'status-withdrawn',
};

/** Suggestions for "which figure" on the objection form (free text: any published figure may be meant). */
export const FIGURE_SUBJECTS = ['参与单位数', '意向金额', '签约金额', '成交金额', '各县区统计', '各类单位统计', '爱心榜'];
