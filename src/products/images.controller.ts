import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { ProductImages, type StoredImage } from './product-images';

/** Serves product images and their thumbnails by the image's generated key. */
@Controller('images')
export class ImagesController {
  constructor(private readonly images: ProductImages) {}

  @Get(':key')
  async show(@Param('key') key: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(await this.images.read(key), res);
  }

  /** For cards and lists; an older image without a thumbnail is served whole. */
  @Get('thumbs/:key')
  async thumbnail(@Param('key') key: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return send(await this.images.readThumbnail(key), res);
  }
}

function send(image: StoredImage | null, res: Response): StreamableFile {
  if (!image) throw AppError.notFound('图片');
  // Keys are never reused (a new upload gets a new key), so the bytes can be cached long.
  res.set({ 'Content-Type': image.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  return new StreamableFile(image.bytes);
}
