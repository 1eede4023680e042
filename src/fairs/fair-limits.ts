/** Text limits of a fair's fields: the column, the validation and the input's maxlength. */
export const FAIR_TEXT_LIMITS = {
  name: 100,
  venue: 200,
} as const;
