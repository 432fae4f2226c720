import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { decodeBmp, readBmpHeader } from './bmp';
import { readImageHead } from './image-head';
import { decodeError, fileError, imageTooLarge } from './media-errors';

/** sharp's own default pixel limit (0x3FFF x 0x3FFF), in megapixels. */
export const DEFAULT_MAX_MEGAPIXELS = 268;

/**
 * Decodes an image with its EXIF orientation applied, lets `encode` add the resize and output steps, and
 * returns the encoded bytes. Decoding is bounded: images over `maxMegapixels` are refused before any pixel is
 * read, and truncated or corrupt pixel data is an error (failOn 'error'), never a half-grey picture.
 */
export async function convertImage(
  path: string,
  encode: (image: Sharp) => Sharp,
  maxMegapixels = DEFAULT_MAX_MEGAPIXELS,
): Promise<Buffer> {
  const { format, head } = await readImageHead(path);
  try {
    const image =
      format === 'bmp'
        ? await openBmp(path, head, maxMegapixels)
        : sharp(path, {
            failOn: 'error',
            limitInputPixels: Math.round(maxMegapixels * 1e6),
            autoOrient: true,
          });
    return await encode(image).toBuffer();
  } catch (err) {
    throw decodeError(path, err, maxMegapixels);
  }
}

async function openBmp(path: string, head: Buffer, maxMegapixels: number): Promise<Sharp> {
  const { width, height } = readBmpHeader(head);
  if (width * height > maxMegapixels * 1e6) throw imageTooLarge(path, width, height, maxMegapixels);
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (err) {
    throw fileError(path, err);
  }
  const { data, ...raw } = decodeBmp(file);
  return sharp(data, { raw });
}
