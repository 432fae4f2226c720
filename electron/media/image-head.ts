import { open } from 'node:fs/promises';
import { BMP_HEADER_BYTES } from './bmp';
import { fileError, unreadableImage } from './media-errors';
import { sniffImageFormat, type ImageFormat } from './supported-formats';

export interface ImageHead {
  format: ImageFormat;
  /** The first bytes of the file: enough for the magic number and a BMP header. */
  head: Buffer;
  sizeBytes: number;
}

/** Opens an image file and tells its format from its content; anything else is refused with a reason. */
export async function readImageHead(path: string): Promise<ImageHead> {
  let head: Buffer;
  let sizeBytes: number;
  try {
    const handle = await open(path, 'r');
    try {
      sizeBytes = (await handle.stat()).size;
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(BMP_HEADER_BYTES), 0, BMP_HEADER_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw fileError(path, err);
  }
  const format = sniffImageFormat(head);
  if (!format) {
    const why = sizeBytes === 0 ? 'the file is empty' : 'it is not a JPEG, PNG, WebP, TIFF or BMP file';
    throw unreadableImage(path, why);
  }
  return { format, head, sizeBytes };
}
