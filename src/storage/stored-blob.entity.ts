import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BYTES, TIMESTAMP } from '../database/engine';
import { BLOB_KEY_MAX_LENGTH, BLOB_NAMESPACE_MAX_LENGTH, type BlobNamespace } from './blob-store';

/**
 * One uploaded file kept in the database (FILE_STORAGE=database): a product image or
 * thumbnail, a summary file, or an import waiting for its confirmation. Every instance
 * reads the same rows, so none needs a shared folder.
 */
@Entity('stored_blob')
@Index('IDX_stored_blob_namespace_created', ['namespace', 'createdAt'])
export class StoredBlob {
  @PrimaryColumn({ type: 'varchar', length: BLOB_NAMESPACE_MAX_LENGTH })
  namespace: BlobNamespace;

  @PrimaryColumn({ type: 'varchar', length: BLOB_KEY_MAX_LENGTH })
  key: string;

  @Column({ type: BYTES })
  bytes: Buffer;

  /** bytes.length, so sizes can be summed without reading the bytes. */
  @Column({ type: 'integer' })
  size: number;

  /** When the bytes were last put (an overwrite renews it): what the sweep of stale imports reads. */
  @Column({ type: TIMESTAMP })
  createdAt: Date;
}
