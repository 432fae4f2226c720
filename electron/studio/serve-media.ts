import type { MediaKind } from '../../shared/transport';
import { readImage } from '../media/read-image';
import type { StudioContext } from './context';

export interface MediaFile {
  mime: string;
  /** A file on disk to stream: the original, a converted copy, or a cached thumbnail. */
  path: string;
  /** Content hash, for ETag / cache validation. */
  etag: string;
}

/** Resolves a media URL (thumbnail or full image of a project image) to a file to send. */
export function serveMedia(ctx: StudioContext) {
  return async (kind: MediaKind, project: string, imageId: number): Promise<MediaFile> => {
    const image = ctx.projects.get(project).getImage(imageId);
    if (kind === 'thumb') {
      const path = await (await ctx.thumbnails()).get(image.path, image.sha256);
      return { mime: 'image/webp', path, etag: `${image.sha256}-t` };
    }
    const { maxImageMegapixels } = await ctx.settings.read();
    const file = await readImage(image.path, image.sha256, ctx.imageCacheDir, maxImageMegapixels);
    return { ...file, etag: image.sha256 };
  };
}
