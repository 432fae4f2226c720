import { cachePath, ensureCachedFile } from './disk-cache';
import { convertImage, DEFAULT_MAX_MEGAPIXELS } from './convert-image';

/**
 * Thumbnails on disk, keyed by content hash and size: WebP, longest side `size` (never enlarged), EXIF
 * orientation applied. Each is generated once and shared by every project holding the same image.
 */
export class ThumbnailCache {
  // The temp files a killed run left here are removed on the studio's start (create-studio.ts).
  constructor(
    readonly dir: string,
    readonly size: number,
    readonly maxMegapixels = DEFAULT_MAX_MEGAPIXELS,
  ) {}

  /** The thumbnail file of the image at `path` whose content hash is `sha256`, generated if missing. */
  get(path: string, sha256: string): Promise<string> {
    const target = cachePath(this.dir, sha256, `-${this.size}.webp`);
    return ensureCachedFile(target, () =>
      convertImage(
        path,
        // JPEG and WebP shrink on load here: libvips decodes at 1/2, 1/4 or 1/8 scale when the target allows.
        (image) =>
          image
            .resize(this.size, this.size, { fit: 'inside', withoutEnlargement: true })
            .webp({ quality: 80 }),
        this.maxMegapixels,
      ),
    );
  }
}
