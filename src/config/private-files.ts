/**
 * Folders and files this process creates are its user's alone (folders 0700, files 0600):
 * DATA_DIR holds the SQLite database (password hashes, phone numbers), the session secret,
 * uploaded sheets and images, and a backup or an export holds the same data. Set once at the
 * start of every entry point, it covers what SQLite creates (-wal, -shm) and what libraries
 * write, not only the files our own code names. Folders and files that exist keep their modes.
 */
export function keepCreatedFilesPrivate(): void {
  const previous = process.umask(0o077);
  // A stricter mask the operator chose stays as strict.
  process.umask(previous | 0o077);
}
