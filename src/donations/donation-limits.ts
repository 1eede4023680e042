/**
 * The limits of the 认领认捐 (claims and donations) records: text lengths shared by the
 * columns, the forms and the inputs' maxlength, and the amount ceiling every money field checks.
 * Changing a length still needs a migration (the schema test says so).
 */
export const DONATION_TEXT_LIMITS = {
  title: 60,
  township: 30,
  village: 30,
  description: 2000,
  goodsSought: 500,
  contactOffice: 60,
  contactPhone: 20,
  returnReason: 500,
  donorName: 60,
  donorPhone: 20,
  message: 200,
  bankReference: 40,
  voidReason: 200,
  payee: 60,
  purpose: 200,
  accountName: 60,
  bankName: 60,
  accountNo: 40,
  accountNote: 200,
  fileName: 120,
} as const;

/** The largest single amount any form accepts: 1 亿元. Anything above is a typing slip. */
export const MAX_DONATION_FEN = 10_000_000_000;
