import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * What "the database is unchanged" means in the authorisation and bad-input suites: every
 * table's row count and a hash of its rows, plus the files the app keeps (uploaded images,
 * summaries, imports waiting for confirmation) — under DATA_DIR, or as rows of stored_blob with
 * FILE_STORAGE=database, listed as the same paths either way.
 *
 * Sessions are left out on purpose: signing in, a visitor's intent list and a flash message
 * before a redirect to log-in write session rows, and none of them is data a refusal may not touch.
 */
export interface DbSnapshot {
  counts: Record<string, number>;
  hashes: Record<string, string>;
  files: string[];
}

/** Not data: written by signing in and by flash messages (see above), and by the migration runner. */
const SKIPPED_TABLES = new Set(['session', 'migrations', 'typeorm_metadata', 'stored_blob']);

/** A stored blob's path as the folder store would name it. */
const FOLDERS: Record<string, string> = {
  images: 'uploads/images',
  summaries: 'uploads/summaries',
  imports: 'imports',
  vouchers: 'uploads/vouchers',
};

/** Every table of the database, read from the catalogue (so tables without an entity count too). */
async function tableNames(db: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    db.options.type === 'postgres'
      ? await db.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`)
      : await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).filter((n) => !SKIPPED_TABLES.has(n));
}

export async function dbSnapshot(db: DataSource, dataDir?: string): Promise<DbSnapshot> {
  const counts: Record<string, number> = {};
  const hashes: Record<string, string> = {};
  const tables = await tableNames(db);
  if (db.options.type === 'postgres') {
    // Hashed by the server, row by row, summed: no order needed (some tables have no single key).
    // One statement for every table: the bad-input sweep takes two snapshots per case.
    const rows: { name: string; n: string; h: string | null }[] = await db.query(
      tables
        .map((table, i) => `SELECT $${i + 1}::text AS name, count(*) AS n, sum(hashtext(t::text)::bigint)::text AS h FROM "${table}" t`)
        .join(' UNION ALL '),
      tables,
    );
    for (const row of rows) {
      counts[row.name] = Number(row.n);
      hashes[row.name] = row.h ?? '';
    }
  } else {
    for (const table of tables) {
      // A full scan reads a table in its storage order, the same for the same rows.
      const rows: unknown[] = await db.query(`SELECT * FROM "${table}"`);
      counts[table] = rows.length;
      hashes[table] = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
    }
  }
  return { counts, hashes, files: dataDir ? [...listFiles(dataDir), ...(await storedBlobs(db))].sort() : [] };
}

/** The blobs kept in the database (FILE_STORAGE=database), as paths like the folder's. */
async function storedBlobs(db: DataSource): Promise<string[]> {
  const rows: { namespace: string; key: string }[] = await db.query(`SELECT "namespace", "key" FROM "stored_blob"`);
  return rows.map((r) => `${FOLDERS[r.namespace] ?? r.namespace}/${r.key}`);
}

/** Files under `dir` (relative paths, sorted), without the SQLite database and its journal. */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (!/\.sqlite(-wal|-shm|-journal)?$/.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

/** The tables (and files) that differ between two snapshots, for a readable failure. */
export function snapshotDiff(before: DbSnapshot, after: DbSnapshot): string[] {
  const changed = Object.keys(before.hashes).filter((t) => before.hashes[t] !== after.hashes[t]);
  const out = changed.map((t) => `${t} (${before.counts[t]} → ${after.counts[t]} rows)`);
  const added = after.files.filter((f) => !before.files.includes(f));
  const removed = before.files.filter((f) => !after.files.includes(f));
  if (added.length) out.push(`files added: ${added.join(', ')}`);
  if (removed.length) out.push(`files removed: ${removed.join(', ')}`);
  return out;
}
