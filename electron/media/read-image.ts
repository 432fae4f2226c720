import { convertImage } from './convert-image';
import { cachePath, ensureCachedFile } from './disk-cache';
import { readImageHead, type ImageHead } from './image-head';
import { readStoredHeader } from './probe-image';
import { IMAGE_FORMATS } from './supported-formats';

export interface ImageFile {
  mime: string;
  /** The file to send: the original, or a converted copy in the cache. */
  path: string;
}

/**
 * The file to serve for a full-size view, shown exactly as the studio measured it (orientation applied).
 * JPEG, and PNG or WebP without an orientation to apply, are served as they are; anything else is converted
 * once to PNG with the orientation applied and kept in `cacheDir` under its content hash.
 */
export async function readImage(
  path: string,
  sha256: string,
  cacheDir: string,
  maxMegapixels?: number,
): Promise<ImageFile> {
  const head = await readImageHead(path);
  if (await browserShowsAsIs(path, head)) return { mime: IMAGE_FORMATS[head.format].mime, path };
  const target = cachePath(cacheDir, sha256, '.png');
  // Fast deflate: this is a local cache, where encoding time matters more than a few more bytes.
  await ensureCachedFile(target, () =>
    convertImage(path, (image) => image.png({ compressionLevel: 2 }), maxMegapixels),
  );
  return { mime: IMAGE_FORMATS.png.mime, path: target };
}

// Browsers cannot show TIFF or BMP. They apply a JPEG's EXIF orientation, but not reliably a PNG's (Chromium
// reads the eXIf chunk only since 2024) nor a WebP's: served as they are, those would be drawn unturned,
// and annotations drawn on them would not match the image the studio measured.
async function browserShowsAsIs(path: string, head: ImageHead): Promise<boolean> {
  if (head.format === 'jpeg') return true;
  if (head.format !== 'png' && head.format !== 'webp') return false;
  return (await readStoredHeader(path, head)).orientation === 1;
}
