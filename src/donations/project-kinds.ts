/** 项目类别: what a 认领认捐 project is for, with the labels the pages and sheets show. */
export const PROJECT_KINDS = ['industry', 'education', 'health', 'housing', 'infrastructure', 'goods', 'other'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_KIND_LABELS: Record<ProjectKind, string> = {
  industry: '产业',
  education: '教育',
  health: '医疗',
  housing: '住房',
  infrastructure: '基础设施',
  goods: '物资',
  other: '其他',
};
