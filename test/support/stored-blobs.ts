import * as fs from 'node:fs';
import * as path from 'node:path';
import { BlobStore, type BlobNamespace } from '../../src/storage/blob-store';
import type { TestApp } from './test-app';

/**
 * What the app's BlobStore holds, whichever FILE_STORAGE the suite runs with (the database
 * table on PostgreSQL, DATA_DIR on SQLite by default): for the suites that check what an
 * upload left behind, without assuming where it went.
 */

const FOLDERS: Record<BlobNamespace, string> = {
  images: 'uploads/images',
  summaries: 'uploads/summaries',
  imports: 'imports',
  vouchers: 'uploads/vouchers',
};

export const blobStoreOf = (t: TestApp): BlobStore => t.app.get(BlobStore);

/** The keys stored in a namespace, sorted. */
export async function storedKeys(t: TestApp, namespace: BlobNamespace): Promise<string[]> {
  if (t.config.fileStorage === 'database') {
    const rows: { key: string }[] = await t.db.query(
      `SELECT "key" FROM "stored_blob" WHERE "namespace" = ${t.db.options.type === 'postgres' ? '$1' : '?'} ORDER BY "key"`,
      [namespace],
    );
    return rows.map((r) => r.key);
  }
  const dir = path.join(t.config.dataDir, FOLDERS[namespace]);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => !n.startsWith('.'))
        .sort()
    : [];
}

/** Makes a stored blob look as if it had been put at `when` (to test the sweeps of stale ones). */
export async function backdateBlob(t: TestApp, namespace: BlobNamespace, key: string, when: Date): Promise<void> {
  if (t.config.fileStorage === 'database') {
    await t.db.createQueryBuilder().update('stored_blob').set({ createdAt: when }).where({ namespace, key }).execute();
  } else {
    fs.utimesSync(path.join(t.config.dataDir, FOLDERS[namespace], key), when, when);
  }
}
