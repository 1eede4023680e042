export const ROLES = ['organiser', 'county', 'buyer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  organiser: '组织方',
  county: '县区',
  buyer: '采购单位',
};
