import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { contentDisposition } from '../common/download-headers';
import { SUMMARY_FILE_TYPES, type SummaryFileType } from './summary-file-types';
import type { SummaryFile } from './summary-file.entity';

/**
 * An uploaded file (of the types summary-file-types.ts knows) as an attachment, under the
 * uploader's own file name, never shown inline and never cached by a shared cache.
 * `fallback` is the ASCII name (without extension) for clients that cannot read a UTF-8 one.
 */
export function sendStoredFile(
  res: Response,
  file: { name: string; type: SummaryFileType; fallback: string },
  bytes: Buffer,
): StreamableFile {
  const type = SUMMARY_FILE_TYPES[file.type];
  res.set({
    'Content-Type': type.contentType,
    'Content-Disposition': contentDisposition(file.name, `${file.fallback}.${type.keyExtension}`),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  return new StreamableFile(bytes);
}

/** A summary file as an attachment, under the county's own file name. */
export function sendSummaryFile(res: Response, file: SummaryFile, bytes: Buffer): StreamableFile {
  return sendStoredFile(res, { name: file.fileName, type: file.fileType, fallback: `summary-${file.id}` }, bytes);
}
