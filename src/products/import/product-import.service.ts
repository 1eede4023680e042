import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { SessionUser } from '../../auth/current-user';
import { AppError } from '../../common/app-error';
import { isUniqueViolation } from '../../database/unique-violation';
import { ProductsService, type ImportOutcome } from '../products.service';
import { ImportFileStore } from './import-file-store';
import { ImportParseQueue } from './import-parse-queue';
import type { ParsedImport } from './import-parser';
import { refuseFile } from './xlsx-errors';

export interface ImportPreview {
  parsed: ParsedImport;
  /** What confirming would do; null when some row is invalid (nothing can be confirmed). */
  outcome: ImportOutcome | null;
  /** The stored upload to confirm; null when some row is invalid. */
  importId: string | null;
}

/**
 * A county's Excel import in two steps: preview (parse in a worker, check every row, work out
 * what would change, keep the validated rows) and confirm (take those rows, check them again
 * against the database as it is now, write everything in one transaction or nothing). The
 * file is read once: confirming costs no parse.
 */
@Injectable()
export class ProductImportService {
  constructor(
    private readonly products: ProductsService,
    private readonly files: ImportFileStore,
    private readonly parser: ImportParseQueue,
  ) {}

  /** `replaces`: the user's earlier upload, now superseded (only the latest can be confirmed). */
  async preview(user: SessionUser, upload: Buffer, replaces?: string): Promise<ImportPreview> {
    const countyId = countyOf(user);
    await this.files.removeStale();
    if (replaces) await this.files.remove(replaces);
    const parsed = await this.parser.parse(upload);
    if (parsed.invalidCount > 0) return { parsed, outcome: null, importId: null };
    const rows = validValues(parsed);
    const outcome = await this.products.importRows(user, countyId, rows, true);
    return { parsed, outcome, importId: await this.files.save({ rows }) };
  }

  async confirm(user: SessionUser, importId: string): Promise<ImportOutcome> {
    const countyId = countyOf(user);
    const pending = await this.files.claim(importId);
    if (!pending) throw refuseFile('这次上传已经导入过，或已超过 24 小时失效。请重新上传文件');
    try {
      const outcome = await this.products.importRows(user, countyId, pending.rows, false);
      await this.files.remove(importId);
      return outcome;
    } catch (err) {
      if (err instanceof QueryFailedError && isUniqueViolation(err)) {
        // Someone added the same code by hand between our read and our write: the whole import rolled back.
        await this.files.remove(importId);
        throw refuseFile('导入时本县产品正被同时修改（产品编号冲突），没有写入任何数据。请重新上传文件查看预览');
      }
      await this.files.release(importId); // e.g. the database was unreachable: the same file can be confirmed again
      throw err;
    }
  }
}

/** The county is the signed-in operator's own; an account without one cannot import. */
function countyOf(user: SessionUser): number {
  if (user.role !== 'county' || !user.countyId) throw AppError.forbidden('只有县区账号可以导入本县产品');
  return user.countyId;
}

function validValues(parsed: ParsedImport) {
  return parsed.rows.map((r) => r.values!);
}
