import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { encodeUploadedImage, type EncodedImage } from './image-processing';
import { ImageStorage, imageTypeOf, IMAGE_KEY_PATTERN, type ImageType } from './image-storage';

/** The thumbnail's blob name beside an image's key (a .png key of an older upload gets a .thumb.jpg). */
export function thumbnailKeyOf(key: string): string {
  return key.replace(/\.(jpg|png|webp)$/, '.thumb.jpg');
}

/** The URLs a page shows an image by; the thumbnail URL answers with the full image when there is no thumbnail. */
export function imageUrlsOf(key: string | null): { imageUrl: string | null; thumbnailUrl: string | null } {
  return key ? { imageUrl: `/images/${key}`, thumbnailUrl: `/images/thumbs/${key}` } : { imageUrl: null, thumbnailUrl: null };
}

export interface StoredImage {
  bytes: Buffer;
  type: ImageType;
}

/**
 * Product images: an upload is re-encoded (image-processing.ts) and stored as two blobs, the
 * image under a new random key and its thumbnail beside it; the product records the key.
 * Keys are never reused, so what is served under one can be cached for good.
 */
@Injectable()
export class ProductImages {
  constructor(private readonly storage: ImageStorage) {}

  /** Re-encodes and stores an upload; returns its key. Refuses what is not a usable image (AppError for the image field). */
  async store(upload: Buffer): Promise<string> {
    return this.storeEncoded(await encodeUploadedImage(upload));
  }

  /** Stores an image already encoded as ours (the seed's drawn pictures); returns its key. */
  async storeEncoded({ full, thumbnail }: EncodedImage): Promise<string> {
    const key = `${randomBytes(16).toString('hex')}.jpg`;
    // The thumbnail first: once the image exists, its thumbnail does too.
    await this.storage.put(thumbnailKeyOf(key), thumbnail);
    await this.storage.put(key, full);
    return key;
  }

  /** The image under `key` (a product's imageKey), or null. */
  async read(key: string): Promise<StoredImage | null> {
    if (!IMAGE_KEY_PATTERN.test(key) || key.includes('.thumb.')) return null;
    const bytes = await this.storage.get(key);
    return bytes && { bytes, type: imageTypeOf(key) };
  }

  /** The thumbnail of the image under `key`; an image stored before thumbnails existed stands in for its own. */
  async readThumbnail(key: string): Promise<StoredImage | null> {
    if (!IMAGE_KEY_PATTERN.test(key) || key.includes('.thumb.')) return null;
    const bytes = await this.storage.get(thumbnailKeyOf(key));
    return bytes ? { bytes, type: 'image/jpeg' } : this.read(key);
  }

  /** Deletes the image and its thumbnail. */
  async remove(key: string): Promise<void> {
    await this.storage.delete(key);
    await this.storage.delete(thumbnailKeyOf(key));
  }
}
