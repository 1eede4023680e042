import sharp from 'sharp';
import { AppError } from '../common/app-error';

/** The largest upload (multer stops reading there). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Decoding bound: 40 MP is above any phone camera; a bigger image is refused before it is decoded. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The stored image fits in this square: sharp on a phone, a tenth of a camera original's bytes. */
export const FULL_IMAGE_SIDE = 1600;
/** Thumbnails for cards and lists: this wide (at most twice as tall). */
export const THUMBNAIL_WIDTH = 400;

// Every upload is a new image: libvips' operation cache would only hold memory.
sharp.cache(false);

/**
 * Recognises JPEG, PNG and WebP by their first bytes (magic numbers), never by the file
 * name or the browser's claimed type; sharp would decode more formats (SVG, TIFF, GIF…)
 * than a product photo needs.
 */
export function isAcceptedImageType(bytes: Buffer): boolean {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return true;
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true;
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';
}

export interface EncodedImage {
  /** JPEG, at most FULL_IMAGE_SIDE on its longer side, without metadata. */
  full: Buffer;
  /** JPEG, at most THUMBNAIL_WIDTH wide. */
  thumbnail: Buffer;
  width: number;
  height: number;
}

const refuse = (message: string) => AppError.validation({ image: [message] });

/**
 * Re-encodes an uploaded photo: turned upright by its EXIF orientation, then every piece of
 * metadata dropped (a phone photo carries the farm's GPS position, the phone, the time),
 * scaled down to FULL_IMAGE_SIDE, flattened onto white and written as JPEG, with a thumbnail.
 * Refuses, with a message for the image field, what is not a decodable JPEG, PNG or WebP
 * (a PNG signature followed by HTML passes a byte check, not a decoder) and images above
 * MAX_IMAGE_PIXELS. sharp works on libuv's thread pool, so the event loop keeps serving.
 */
export async function encodeUploadedImage(bytes: Buffer): Promise<EncodedImage> {
  if (!isAcceptedImageType(bytes)) throw refuse('图片应为 JPEG、PNG 或 WebP 格式（按文件内容识别，改扩展名无效）');
  try {
    // failOn 'error': a photo with a harmless warning (a few missing bytes at the end) still loads.
    const input = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', autoOrient: true, sequentialRead: true });
    const full = await input
      .resize({ width: FULL_IMAGE_SIDE, height: FULL_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    // From the scaled-down image: cheap, and already upright and without metadata.
    const thumbnail = await sharp(full.data)
      .resize({ width: THUMBNAIL_WIDTH, height: THUMBNAIL_WIDTH * 2, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer();
    return { full: full.data, thumbnail, width: full.info.width, height: full.info.height };
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) {
      throw refuse(`图片像素过大（超过 ${MAX_IMAGE_PIXELS / 10_000} 万像素），请缩小后重新上传`);
    }
    throw refuse('无法识别这张图片：文件已损坏或不是真正的图片，请用手机相册或画图软件重新导出后上传');
  }
}
