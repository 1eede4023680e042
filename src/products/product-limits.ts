/**
 * The longest text each product field may hold, in characters: the one source for the
 * entity's column lengths, the form's validation, the inputs' maxlength and the import
 * template's rules, so that a limit is changed in one place. Changing a column length still
 * needs a migration (the schema test says so).
 */
export const PRODUCT_TEXT_LIMITS = {
  code: 32,
  name: 100,
  spec: 50,
  supplierName: 100,
  certificateNo: 64,
  origin: 100,
  description: 2000,
} as const;
