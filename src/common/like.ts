/**
 * "Contains" searches with LIKE. The typed text is matched literally: its wildcards (% and _)
 * and the escape character itself are escaped, so every query using the pattern must say
 * ESCAPE '\' (PostgreSQL's default, which SQLite needs spelled out).
 */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
