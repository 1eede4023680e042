import { CallHandler, ExecutionContext, Injectable, NestInterceptor, type Type } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppError } from '../common/app-error';
import { MB, SUMMARY_LIMITS } from './summary-limits';

// No `dest` or `storage`: multer keeps the files in memory, each at most fileBytes, at most filesPerUpload.
const MulterSummary: Type<NestInterceptor> = FilesInterceptor('files', SUMMARY_LIMITS.filesPerUpload, {
  limits: { fileSize: SUMMARY_LIMITS.fileBytes, files: SUMMARY_LIMITS.filesPerUpload, fields: 5, parts: SUMMARY_LIMITS.filesPerUpload + 5 },
  // Browsers send the file name in UTF-8; busboy would read it as Latin-1 otherwise.
  defParamCharset: 'utf8',
});

/** Room for the multipart framing and the form's few fields around the files. */
const FRAMING_BYTES = MB;

const MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `单个文件不能超过 ${SUMMARY_LIMITS.fileBytes / MB} MB，请压缩后再上传`,
  LIMIT_FILE_COUNT: `一次最多上传 ${SUMMARY_LIMITS.filesPerUpload} 个文件`,
};

/**
 * Parses the summary upload (multipart, field `files`). A request announcing more than the
 * county's whole allowance is refused before a byte is read, so one upload holds at most that
 * much memory; multer's own limits turn into a message beside the file field.
 */
@Injectable()
export class SummaryUploadInterceptor implements NestInterceptor {
  private readonly multer = new MulterSummary();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(
      (async () => {
        const req = context.switchToHttp().getRequest<Request>();
        if (Number(req.headers['content-length'] ?? 0) > SUMMARY_LIMITS.totalBytes + FRAMING_BYTES) {
          const message = `一次上传的文件合计不能超过 ${SUMMARY_LIMITS.totalBytes / MB} MB`;
          throw new AppError('PAYLOAD_TOO_LARGE', message, { files: [message] });
        }
        try {
          await lastValueFrom(await this.multer.intercept(context, { handle: () => from([null]) }));
        } catch (err) {
          const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
          const message = MESSAGES[code] ?? '文件上传失败，请重新选择文件';
          throw new AppError(code === 'LIMIT_FILE_SIZE' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', message, { files: [message] });
        }
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      })(),
    );
  }
}
