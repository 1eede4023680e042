import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { BlobStore } from '../../storage/blob-store';
import type { ProductValues } from '../dto/product-input.dto';
import { IMPORT_FILE_TTL_MS } from './import-limits';

/** 32 hex characters: the only names this store reads or writes. */
const ID_PATTERN = /^[0-9a-f]{32}$/;
/** Bumped when ProductValues changes shape: an older waiting import then reads as expired. */
const FORMAT = 1;

/** What a confirmation imports: the rows the preview validated (product values by default). */
export interface PendingImport<V = ProductValues> {
  rows: V[];
}

/** Which import stored the rows: a file saved by one is never confirmed by another. */
export type ImportKind = 'products' | 'targets';

/**
 * Imports waiting for their confirmation: the rows the preview validated, as JSON blobs in the
 * `imports` namespace of the BlobStore, so confirming never reads the upload again. The preview
 * and the confirmation may reach different app instances, so they cannot wait in memory; with
 * FILE_STORAGE=database they wait in the database, which every instance shares.
 */
@Injectable()
export class ImportFileStore {
  constructor(private readonly blobs: BlobStore) {}

  static isId(id: unknown): id is string {
    return typeof id === 'string' && ID_PATTERN.test(id);
  }

  async save<V>(pending: PendingImport<V>, kind: ImportKind = 'products'): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await this.blobs.put('imports', waiting(id), Buffer.from(JSON.stringify({ format: FORMAT, kind, rows: pending.rows })));
    return id;
  }

  /**
   * Takes the import for importing, or null when it is gone (imported, cleaned away, or being
   * imported by a second click right now, on any instance): the move is atomic, so only one
   * confirmation wins.
   */
  async claim<V = ProductValues>(id: string, kind: ImportKind = 'products'): Promise<PendingImport<V> | null> {
    if (!ImportFileStore.isId(id)) return null;
    if (!(await this.blobs.move('imports', waiting(id), claimed(id)))) return null;
    const bytes = await this.blobs.get('imports', claimed(id));
    const stored = bytes && parseStored<V>(bytes, kind);
    if (!stored) await this.remove(id); // written by another version or import, or cut short by a crash
    return stored;
  }

  /** Puts a claimed import back, so that a confirmation that failed on the way can be tried again. */
  async release(id: string): Promise<void> {
    if (!ImportFileStore.isId(id)) return;
    await this.blobs.move('imports', claimed(id), waiting(id)).catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    if (!ImportFileStore.isId(id)) return;
    await Promise.all([this.blobs.delete('imports', waiting(id)), this.blobs.delete('imports', claimed(id))]);
  }

  /** Deletes imports older than a day: previews nobody confirmed (and uploads kept by earlier versions). */
  async removeStale(now = Date.now()): Promise<void> {
    await this.blobs.deleteOlderThan('imports', new Date(now - IMPORT_FILE_TTL_MS));
  }
}

const waiting = (id: string) => `${id}.json`;
const claimed = (id: string) => `${id}.json.importing`;

function parseStored<V>(bytes: Buffer, kind: ImportKind): PendingImport<V> | null {
  try {
    const stored = JSON.parse(bytes.toString('utf8')) as { format?: unknown; kind?: unknown; rows?: unknown };
    // Files written before targets existed carry no kind: they were products'.
    const storedKind = stored.kind ?? 'products';
    return stored.format === FORMAT && storedKind === kind && Array.isArray(stored.rows) ? { rows: stored.rows as V[] } : null;
  } catch {
    return null;
  }
}
