import { cachePath, ensureCachedFile } from './disk-cache';
import { convertImage } from './convert-image';
import { readImageHead } from './image-head';
import { BROWSER_FORMATS, IMAGE_FORMATS } from './supported-formats';

export interface ImageFile {
  mime: string;
  /** The file to send: the original, or a converted copy in the cache. */
  path: string;
}

/**
 * The file to serve for a full-size view. JPEG, PNG and WebP are served as they are (the browser applies
 * their EXIF orientation itself); TIFF and BMP, which browsers cannot show, are converted once to PNG with
 * the orientation applied and kept in `cacheDir` under their content hash.
 */
export async function readImage(path: string, sha256: string, cacheDir: string): Promise<ImageFile> {
  const { format } = await readImageHead(path);
  if (BROWSER_FORMATS.includes(format)) return { mime: IMAGE_FORMATS[format].mime, path };
  const target = cachePath(cacheDir, sha256, '.png');
  // Fast deflate: this is a local cache, where encoding time matters more than a few more bytes.
  await ensureCachedFile(target, () => convertImage(path, (image) => image.png({ compressionLevel: 2 })));
  return { mime: IMAGE_FORMATS.png.mime, path: target };
}
