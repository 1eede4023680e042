import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { assertBlobKey, BlobStore, isBlobKey, type BlobNamespace } from './blob-store';

/** The folders under DATA_DIR, as earlier versions laid them out (their files are read as they are). */
const FOLDERS: Record<BlobNamespace, string[]> = {
  images: ['uploads', 'images'],
  summaries: ['uploads', 'summaries'],
  imports: ['imports'],
  // 付款凭证: the payment vouchers attached to the counties' disbursements.
  vouchers: ['uploads', 'vouchers'],
};

/**
 * Blobs as files under DATA_DIR (FILE_STORAGE=folder, the default on SQLite). Several
 * instances using it must share DATA_DIR (a network volume).
 */
@Injectable()
export class FolderBlobStore extends BlobStore {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async put(namespace: BlobNamespace, key: string, bytes: Buffer): Promise<void> {
    assertBlobKey(key);
    const dir = this.dirOf(namespace);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Write then rename, so a reader (on any instance) never sees half a file.
    const tmp = path.join(dir, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
    await fs.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.rename(tmp, path.join(dir, key));
  }

  async get(namespace: BlobNamespace, key: string): Promise<Buffer | null> {
    if (!isBlobKey(key)) return null;
    return ifExists(fs.readFile(path.join(this.dirOf(namespace), key)), null);
  }

  async delete(namespace: BlobNamespace, key: string): Promise<void> {
    if (!isBlobKey(key)) return;
    await fs.rm(path.join(this.dirOf(namespace), key), { force: true });
  }

  async move(namespace: BlobNamespace, from: string, to: string): Promise<boolean> {
    if (!isBlobKey(from)) return false;
    assertBlobKey(to);
    const dir = this.dirOf(namespace);
    // rename() is atomic: the second of two callers finds `from` gone.
    return ifExists(
      fs.rename(path.join(dir, from), path.join(dir, to)).then(() => true),
      false,
    );
  }

  async deleteOlderThan(namespace: BlobNamespace, cutoff: Date): Promise<void> {
    const dir = this.dirOf(namespace);
    const names = await ifExists(fs.readdir(dir), [] as string[]); // no folder: nothing stored yet
    await Promise.all(
      names.filter(isBlobKey).map(async (name) => {
        const stat = await ifExists(fs.stat(path.join(dir, name)), null);
        if (stat?.isFile() && stat.mtimeMs < cutoff.getTime()) await fs.rm(path.join(dir, name), { force: true });
      }),
    );
  }

  private dirOf(namespace: BlobNamespace): string {
    return path.join(this.config.dataDir, ...FOLDERS[namespace]);
  }
}

/** The operation's result, or `missing` when the file (or its folder) does not exist. */
async function ifExists<T, M>(operation: Promise<T>, missing: M): Promise<T | M> {
  try {
    return await operation;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw err;
  }
}
