/**
 * The longest text each field of an intent may hold, in characters: the one source for the
 * entity's column lengths, the submission's and the status change's validation and the inputs'
 * maxlength. Changing a column length still needs a migration (the schema test says so).
 */
export const INTENT_TEXT_LIMITS = {
  contactName: 50,
  note: 500,
  /** Why the organiser cancelled or reopened it. */
  statusReason: 500,
} as const;
