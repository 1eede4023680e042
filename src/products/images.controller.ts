import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { ImageStorage } from './image-storage';

/** Serves product images by their generated key, with the type recognised at upload. */
@Controller('images')
export class ImagesController {
  constructor(private readonly images: ImageStorage) {}

  @Get(':key')
  async show(@Param('key') key: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const image = await this.images.read(key);
    if (!image) throw AppError.notFound('图片');
    // Keys are never reused (a new upload gets a new key), so the bytes can be cached long.
    res.set({ 'Content-Type': image.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
    return new StreamableFile(image.bytes);
  }
}
