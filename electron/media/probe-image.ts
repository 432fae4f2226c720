import sharp from 'sharp';
import { readBmpHeader } from './bmp';
import { hashFile } from './hash-file';
import { readImageHead, type ImageHead } from './image-head';
import { decodeError, imageTooLarge } from './media-errors';
import type { ImageFormat } from './supported-formats';

export interface ImageProbe {
  /** Size as displayed, i.e. after the EXIF orientation is applied (swapped for orientations 5..8). */
  width: number;
  height: number;
  /** EXIF orientation 1..8; 1 when the file has none. */
  orientation: number;
  format: ImageFormat;
  sizeBytes: number;
  sha256: string;
}

/**
 * Size, orientation, format and content hash of an image, from its header only: no pixel is decoded, so
 * probing a huge image costs no memory and an image over `maxMegapixels` is refused before it is hashed.
 */
export async function probeImage(
  path: string,
  { maxMegapixels }: { maxMegapixels: number },
): Promise<ImageProbe> {
  const head = await readImageHead(path);
  const { width, height, orientation } = await readStoredHeader(path, head);
  if (width * height > maxMegapixels * 1e6) throw imageTooLarge(path, width, height, maxMegapixels);
  const turned = orientation >= 5; // 5..8 rotate by a quarter turn
  return {
    width: turned ? height : width,
    height: turned ? width : height,
    orientation,
    format: head.format,
    sizeBytes: head.sizeBytes,
    sha256: await hashFile(path),
  };
}

export interface StoredHeader {
  /** Size as stored, before the EXIF orientation is applied. */
  width: number;
  height: number;
  /** EXIF orientation 1..8; 1 when the file has none. */
  orientation: number;
}

/** The stored size and EXIF orientation, from the header alone. */
export async function readStoredHeader(path: string, { format, head }: ImageHead): Promise<StoredHeader> {
  try {
    return format === 'bmp' ? { ...readBmpHeader(head), orientation: 1 } : await readSharpHeader(path);
  } catch (err) {
    throw decodeError(path, err);
  }
}

async function readSharpHeader(path: string): Promise<StoredHeader> {
  // No pixel limit here: the header is all we read, and our own check gives the clearer message.
  const { width, height, orientation } = await sharp(path, { limitInputPixels: false }).metadata();
  const valid =
    orientation !== undefined && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8;
  return { width, height, orientation: valid ? orientation : 1 };
}
