/** Who gives: a registered unit (from its account), or a person or organisation through the public form. */
export const DONOR_KINDS = ['unit', 'person', 'organisation'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export const DONOR_KIND_LABELS: Record<DonorKind, string> = {
  unit: '帮扶单位',
  person: '个人',
  organisation: '社会组织/企业',
};

/** What every public page and the API print instead of an anonymous donor's name. */
export const ANONYMOUS_DONOR = '匿名';
