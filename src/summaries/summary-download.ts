import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { contentDisposition } from '../common/download-headers';
import { SUMMARY_FILE_TYPES } from './summary-file-types';
import type { SummaryFile } from './summary-file.entity';

/** A summary file as an attachment, under the county's own file name, never cached by a shared cache. */
export function sendSummaryFile(res: Response, file: SummaryFile, bytes: Buffer): StreamableFile {
  const type = SUMMARY_FILE_TYPES[file.fileType];
  res.set({
    'Content-Type': type.contentType,
    'Content-Disposition': contentDisposition(file.fileName, `summary-${file.id}.${type.keyExtension}`),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  return new StreamableFile(bytes);
}
