/**
 * The longest username and password, in characters: the one source for the user table's
 * column, the log-in and registration validation and the inputs' maxlength. Changing the
 * username's length still needs a migration (the schema test says so).
 */
export const ACCOUNT_TEXT_LIMITS = {
  username: 50,
  /** Not a column (the hash is stored): a bound on the work a log-in asks of scrypt. */
  password: 200,
} as const;
