import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { SessionUser } from '../../auth/current-user';
import { isUniqueViolation } from '../../database/unique-violation';
import { FairsService } from '../../fairs/fairs.service';
import { ImportFileStore } from '../../products/import/import-file-store';
import { ImportParseQueue } from '../../products/import/import-parse-queue';
import type { ParsedImport } from '../../products/import/import-parser';
import { refuseFile } from '../../products/import/xlsx-errors';
import type { TargetValues } from '../dto/target-input.dto';
import { TargetsService, type TargetImportOutcome } from '../targets.service';
import { TARGET_SHEET_MODULE } from './target-sheet';

export interface TargetImportPreview {
  parsed: ParsedImport<TargetValues>;
  /** What confirming would do; null when some row is invalid. */
  outcome: TargetImportOutcome | null;
  importId: string | null;
}

/**
 * The organiser's target sheet, through the product import's machinery: parsed in the shared
 * worker (size and zip-bomb guards, every bad cell named), the validated rows stored until
 * the confirmation, which writes them all in one transaction or nothing.
 */
@Injectable()
export class TargetImportService {
  constructor(
    private readonly targets: TargetsService,
    private readonly fairs: FairsService,
    private readonly files: ImportFileStore,
    private readonly parser: ImportParseQueue,
  ) {}

  async preview(user: SessionUser, fairId: number, upload: Buffer, replaces?: string): Promise<TargetImportPreview> {
    await this.fairs.assertWritableById(fairId);
    await this.files.removeStale();
    if (replaces) await this.files.remove(replaces);
    const parsed = await this.parser.parse<TargetValues>(upload, TARGET_SHEET_MODULE);
    if (parsed.invalidCount > 0) return { parsed, outcome: null, importId: null };
    const rows = parsed.rows.map((r) => r.values!);
    const outcome = await this.targets.importRows(user, fairId, rows, true);
    return { parsed, outcome, importId: await this.files.save({ rows }, 'targets') };
  }

  async confirm(user: SessionUser, fairId: number, importId: string): Promise<TargetImportOutcome> {
    const pending = await this.files.claim<TargetValues>(importId, 'targets');
    if (!pending) throw refuseFile('这次上传已经导入过，或已超过 24 小时失效。请重新上传文件');
    try {
      const outcome = await this.targets.importRows(user, fairId, pending.rows, false);
      await this.files.remove(importId);
      return outcome;
    } catch (err) {
      if (err instanceof QueryFailedError && isUniqueViolation(err)) {
        await this.files.remove(importId);
        throw refuseFile('导入时认购目标正被同时修改（统一社会信用代码冲突），没有写入任何数据。请重新上传文件查看预览');
      }
      await this.files.release(importId);
      throw err;
    }
  }
}
