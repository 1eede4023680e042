/**
 * The longest text each field of a buyer unit may hold, in characters: the one source for the
 * entity's column lengths, the registration's validation and the inputs' maxlength. Changing a
 * column length still needs a migration (the schema test says so).
 */
export const BUYER_UNIT_TEXT_LIMITS = {
  name: 100,
  contactName: 50,
  address: 200,
} as const;
