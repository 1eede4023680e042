/**
 * The one canonical form of a username. Everything that compares or stores usernames goes
 * through it: the log-in form, the log-in throttles, registration's uniqueness check and the
 * creation of accounts. If two of them disagreed, "buyer-1" with an invisible character
 * appended would be a different name to one and the same account to the other (that is how
 * the log-in throttle was once side-stepped).
 *
 * Canonical: NFKC (full-width letters and digits typed with a Chinese input method become
 * ASCII), without format characters (\p{Cf}: zero-width spaces and joiners, direction marks,
 * soft hyphens), trimmed, lower case. Accounts are stored in this form, and the database
 * refuses a username that is not in lower case (CHK_user_username_lower_case), so the unique
 * index is case-insensitive on both engines.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

export function canonicalUsername(text: string): string {
  return text.replace(FORMAT_CHARACTERS, '').normalize('NFKC').trim().toLowerCase();
}

/**
 * A username as a form sent it: a repeated field (username=a&username=b) counts as its first
 * value, as every form field does; text is made canonical; anything else (an object from a
 * hand-made JSON body) is returned as it came, for the validator to refuse.
 */
export function formUsername(value: unknown): unknown {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? canonicalUsername(first) : first;
}
