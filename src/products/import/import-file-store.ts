import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../../config/app-config';
import type { ProductValues } from '../dto/product-input.dto';
import { IMPORT_FILE_TTL_MS } from './import-limits';

/** 32 hex characters: the only names this store reads or writes. */
const ID_PATTERN = /^[0-9a-f]{32}$/;
/** .xlsx: uploads kept by earlier versions, swept away like the rest. */
const FILE_PATTERN = /^[0-9a-f]{32}\.(json|xlsx)(\.importing)?$/;
/** Bumped when ProductValues changes shape: an older waiting import then reads as expired. */
const FORMAT = 1;

/** What a confirmation imports: the rows the preview validated (product values by default). */
export interface PendingImport<V = ProductValues> {
  rows: V[];
}

/** Which import stored the rows: a file saved by one is never confirmed by another. */
export type ImportKind = 'products' | 'targets';

/**
 * Imports waiting for their confirmation, as JSON files under DATA_DIR/imports: the rows the
 * preview validated, so confirming never reads the upload again. The preview and the
 * confirmation may reach different app instances (which share DATA_DIR), so they cannot wait
 * in memory. A deployment may bind another store with the same methods (a database table).
 */
@Injectable()
export class ImportFileStore {
  private readonly dir: string;

  constructor(config: AppConfig) {
    this.dir = path.join(config.dataDir, 'imports');
  }

  static isId(id: unknown): id is string {
    return typeof id === 'string' && ID_PATTERN.test(id);
  }

  async save<V>(pending: PendingImport<V>, kind: ImportKind = 'products'): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(this.waiting(id), JSON.stringify({ format: FORMAT, kind, rows: pending.rows }), { mode: 0o600, flag: 'wx' });
    return id;
  }

  /**
   * Takes the file for importing, or null when it is gone (imported, cleaned away, or being
   * imported by a second click right now): the rename is atomic, so only one confirmation wins.
   */
  async claim<V = ProductValues>(id: string, kind: ImportKind = 'products'): Promise<PendingImport<V> | null> {
    if (!ImportFileStore.isId(id)) return null;
    let text: string;
    try {
      await fs.rename(this.waiting(id), this.claimed(id));
      text = await fs.readFile(this.claimed(id), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const stored = parseStored<V>(text, kind);
    if (!stored) await this.remove(id); // written by another version or import, or cut short by a crash
    return stored;
  }

  /** Puts a claimed file back, so that a confirmation that failed on the way can be tried again. */
  async release(id: string): Promise<void> {
    if (!ImportFileStore.isId(id)) return;
    await fs.rename(this.claimed(id), this.waiting(id)).catch(() => undefined);
  }

  async remove(id: string): Promise<void> {
    if (!ImportFileStore.isId(id)) return;
    await Promise.all([fs.rm(this.waiting(id), { force: true }), fs.rm(this.claimed(id), { force: true })]);
  }

  /** Deletes files older than a day: previews nobody confirmed. */
  async removeStale(now = Date.now()): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return; // no upload yet
    }
    await Promise.all(
      names
        .filter((name) => FILE_PATTERN.test(name))
        .map(async (name) => {
          const file = path.join(this.dir, name);
          const stat = await fs.stat(file).catch(() => null);
          if (stat && now - stat.mtimeMs > IMPORT_FILE_TTL_MS) await fs.rm(file, { force: true });
        }),
    );
  }

  private waiting(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private claimed(id: string): string {
    return path.join(this.dir, `${id}.json.importing`);
  }
}

function parseStored<V>(text: string, kind: ImportKind): PendingImport<V> | null {
  try {
    const stored = JSON.parse(text) as { format?: unknown; kind?: unknown; rows?: unknown };
    // Files written before targets existed carry no kind: they were products'.
    const storedKind = stored.kind ?? 'products';
    return stored.format === FORMAT && storedKind === kind && Array.isArray(stored.rows) ? { rows: stored.rows as V[] } : null;
  } catch {
    return null;
  }
}
