import { CallHandler, ExecutionContext, Injectable, NestInterceptor, type Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppError } from '../common/app-error';
import { MAX_IMAGE_BYTES } from './image-processing';

// No `dest` or `storage`: multer keeps the file in memory (5 MB at most).
const MulterImage: Type<NestInterceptor> = FileInterceptor('image', {
  limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 40, fieldSize: 64 * 1024 },
});

/**
 * Parses the product form (multipart, with an optional `image`) and turns upload failures
 * into a message beside the image field, so the form comes back with everything typed.
 * The file input is the last field of the form: when a file is too large, every text
 * field has already been read.
 */
@Injectable()
export class ImageUploadInterceptor implements NestInterceptor {
  private readonly multer = new MulterImage();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(
      (async () => {
        try {
          await lastValueFrom(await this.multer.intercept(context, { handle: () => from([null]) }));
        } catch (err) {
          const status = (err as { status?: number }).status;
          const message = status === 413 ? '图片不能超过 5 MB，请压缩后重新上传' : '图片上传失败，请重新选择文件';
          throw AppError.validation({ image: [message] });
        }
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      })(),
    );
  }
}
