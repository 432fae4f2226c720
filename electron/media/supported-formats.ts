import { extname } from 'node:path';

/** The image formats the studio imports, keyed by the name probing reports. */
export const IMAGE_FORMATS = {
  jpeg: { extensions: ['.jpg', '.jpeg'], mime: 'image/jpeg' },
  png: { extensions: ['.png'], mime: 'image/png' },
  webp: { extensions: ['.webp'], mime: 'image/webp' },
  tiff: { extensions: ['.tif', '.tiff'], mime: 'image/tiff' },
  bmp: { extensions: ['.bmp'], mime: 'image/bmp' },
} as const;

export type ImageFormat = keyof typeof IMAGE_FORMATS;

const EXTENSIONS = new Set<string>(Object.values(IMAGE_FORMATS).flatMap((f) => f.extensions));

/** Whether a file name has a supported image extension (any case). */
export function isSupportedImagePath(path: string): boolean {
  return EXTENSIONS.has(extname(path).toLowerCase());
}

/** How many leading bytes `sniffImageFormat` needs. */
export const SNIFF_BYTES = 12;

/**
 * The format from a file's first bytes (its magic number), or null if it is none of ours. Content decides, not
 * the extension: a PNG saved as .jpg is still read as a PNG.
 */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp'; // RIFF....WEBP
  // Little- or big-endian TIFF, classic (42) or BigTIFF (43).
  if ([0x2a, 0x2b].some((v) => starts([0x49, 0x49, v, 0x00]) || starts([0x4d, 0x4d, 0x00, v]))) return 'tiff';
  if (starts([0x42, 0x4d])) return 'bmp'; // BM
  return null;
}
