/**
 * The longest text each field of an objection may hold, in characters: the one source for the
 * entity's column lengths, the validation and the inputs' maxlength (and the form's hint).
 * `text` and `answer` are text columns: their limit is the validation's alone. Changing a
 * column length still needs a migration (the schema test says so).
 */
export const OBJECTION_TEXT_LIMITS = {
  subject: 200,
  text: 2000,
  contact: 100,
  answer: 2000,
  /** The organiser's reason for closing (kept in the audit log). */
  closeReason: 500,
} as const;

/** The fewest characters of an objection's text: a complaint needs a fact to check. */
export const OBJECTION_TEXT_MIN_LENGTH = 5;
