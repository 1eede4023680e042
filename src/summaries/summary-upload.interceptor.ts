import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, type Type } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppError } from '../common/app-error';
import { MB, SUMMARY_LIMITS } from './summary-limits';

/** Room for the multipart framing and the form's few fields around the files. */
const FRAMING_BYTES = MB;

/** An upload form's limits and the messages its refusals show beside `field`. */
export interface UploadLimits {
  /** The form's file field. */
  field: string;
  maxFiles: number;
  fileBytes: number;
  /** A request announcing more (plus FRAMING_BYTES) is refused before a byte is read. */
  requestBytes: number;
  /** Text fields the form sends besides its files. */
  textFields: number;
  messages: { fileTooLarge: string; tooManyFiles: string; requestTooLarge: string };
}

/**
 * An interceptor that parses a multipart upload (files in memory, each at most `fileBytes`)
 * and turns the upload's limits into a message beside the file field, so the form comes back
 * with what was typed (text fields before the file input have been read). Shared by the
 * summaries and the disbursements' payment vouchers.
 */
export function uploadInterceptor(limits: UploadLimits): Type<NestInterceptor> {
  // No `dest` or `storage`: multer keeps the files in memory.
  const Multer: Type<NestInterceptor> = FilesInterceptor(limits.field, limits.maxFiles, {
    limits: { fileSize: limits.fileBytes, files: limits.maxFiles, fields: limits.textFields, parts: limits.maxFiles + limits.textFields },
    // Browsers send the file name in UTF-8; busboy would read it as Latin-1 otherwise.
    defParamCharset: 'utf8',
  });
  const messages: Record<string, string> = {
    LIMIT_FILE_SIZE: limits.messages.fileTooLarge,
    LIMIT_FILE_COUNT: limits.messages.tooManyFiles,
  };

  @Injectable()
  class UploadInterceptor implements NestInterceptor {
    private readonly multer = new Multer();

    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return from(
        (async () => {
          const req = context.switchToHttp().getRequest<Request>();
          if (Number(req.headers['content-length'] ?? 0) > limits.requestBytes + FRAMING_BYTES) {
            const message = limits.messages.requestTooLarge;
            throw new AppError('PAYLOAD_TOO_LARGE', message, { [limits.field]: [message] });
          }
          try {
            await lastValueFrom(await this.multer.intercept(context, { handle: () => from([null]) }));
          } catch (err) {
            const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
            const message = messages[code] ?? '文件上传失败，请重新选择文件';
            throw new AppError(code === 'LIMIT_FILE_SIZE' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', message, { [limits.field]: [message] });
          }
          return lastValueFrom(next.handle(), { defaultValue: undefined });
        })(),
      );
    }
  }
  return mixin(UploadInterceptor);
}

/**
 * Parses the summary upload (multipart, field `files`). A request announcing more than the
 * county's whole allowance is refused before a byte is read, so one upload holds at most that
 * much memory.
 */
export const SummaryUploadInterceptor = uploadInterceptor({
  field: 'files',
  maxFiles: SUMMARY_LIMITS.filesPerUpload,
  fileBytes: SUMMARY_LIMITS.fileBytes,
  requestBytes: SUMMARY_LIMITS.totalBytes,
  textFields: 5,
  messages: {
    fileTooLarge: `单个文件不能超过 ${SUMMARY_LIMITS.fileBytes / MB} MB，请压缩后再上传`,
    tooManyFiles: `一次最多上传 ${SUMMARY_LIMITS.filesPerUpload} 个文件`,
    requestTooLarge: `一次上传的文件合计不能超过 ${SUMMARY_LIMITS.totalBytes / MB} MB`,
  },
});
