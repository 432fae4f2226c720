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
  return (
    await withImage(path, maxMegapixels, (image) => encode(image).toBuffer({ resolveWithObject: true }))
  ).data;
}

export interface RgbPixels {
  /** Interleaved RGB, row-major, 3 bytes per pixel. */
  data: Buffer;
  width: number;
  height: number;
}

/**
 * The image's pixels as the studio shows it (orientation applied), RGB without alpha, for the engines.
 * `maxSide` shrinks it (never enlarges) so the longest side fits, as a model's input frame asks.
 */
export async function decodeRgb(
  path: string,
  options: { maxSide?: number; maxMegapixels?: number } = {},
): Promise<RgbPixels> {
  const { data, info } = await withImage(path, options.maxMegapixels ?? DEFAULT_MAX_MEGAPIXELS, (image) => {
    const sized = options.maxSide
      ? image.resize(options.maxSide, options.maxSide, { fit: 'inside', withoutEnlargement: true })
      : image;
    return sized.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  });
  return { data, width: info.width, height: info.height };
}

async function withImage<T>(
  path: string,
  maxMegapixels: number,
  run: (image: Sharp) => Promise<T>,
): Promise<T> {
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
    return await run(image);
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
