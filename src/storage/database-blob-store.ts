import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { assertBlobKey, BlobStore, isBlobKey, type BlobNamespace } from './blob-store';
import { StoredBlob } from './stored-blob.entity';

/**
 * Blobs as rows of `stored_blob` (FILE_STORAGE=database, the default on PostgreSQL): every
 * instance sees the same files with nothing shared but the database. A read selects one row's
 * bytes; at the sizes the app accepts (images ≤ 5 MB, summaries ≤ 20 MB) that is one buffer.
 */
@Injectable()
export class DatabaseBlobStore extends BlobStore {
  constructor(@InjectRepository(StoredBlob) private readonly repo: Repository<StoredBlob>) {
    super();
  }

  async put(namespace: BlobNamespace, key: string, bytes: Buffer): Promise<void> {
    assertBlobKey(key);
    await this.repo.upsert({ namespace, key, bytes, size: bytes.length, createdAt: new Date() }, ['namespace', 'key']);
  }

  async get(namespace: BlobNamespace, key: string): Promise<Buffer | null> {
    if (!isBlobKey(key)) return null;
    const row = await this.repo.findOne({ select: { bytes: true }, where: { namespace, key } });
    return row?.bytes ?? null;
  }

  async delete(namespace: BlobNamespace, key: string): Promise<void> {
    if (!isBlobKey(key)) return;
    await this.repo.delete({ namespace, key });
  }

  async move(namespace: BlobNamespace, from: string, to: string): Promise<boolean> {
    if (!isBlobKey(from)) return false;
    assertBlobKey(to);
    // One UPDATE: a second caller waits for the first's row lock, then matches no row.
    const result = await this.repo.update({ namespace, key: from }, { key: to });
    return (result.affected ?? 0) > 0;
  }

  async deleteOlderThan(namespace: BlobNamespace, cutoff: Date): Promise<void> {
    await this.repo.delete({ namespace, createdAt: LessThan(cutoff) });
  }
}
