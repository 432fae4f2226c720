// 'Segment in view': SAM sees at most 1024 px, so a small object in a 4K frame covers a few dozen encoder
// pixels. When the user has zoomed in, the engine is given the visible crop instead (cut from the oriented
// image once and cached under its own hash), the prompt is moved into the crop, and the masks are moved back
// into the image's frame.
import { createHash } from 'node:crypto';
import type { Box, PromptInput, Rle } from '../../shared/domain';
import { forEachColumnPiece, rleFromCounts, rleToCounts } from '../../shared/geometry/rle';
import type { EngineImage } from '../inference/segmenter';
import { convertImage } from '../media/convert-image';
import { cachePath, DiskBudget, ensureCachedFile } from '../media/disk-cache';

/** Space kept around the prompt when the crop has to grow to hold it, in image pixels. */
const PROMPT_MARGIN = 16;
/** A crop narrower than this on a side is grown: the engine needs some context around the object. */
const MIN_SIDE = 64;

/**
 * The whole-pixel crop for a view: the view clipped to the image, grown to hold every prompt point and the box
 * (a click just outside the visible region still counts), at least MIN_SIDE on each side. Null when that is the
 * whole image: there is nothing to gain from a crop.
 */
export function viewCrop(view: Box, prompt: PromptInput, width: number, height: number): Box | null {
  let [x1, y1, x2, y2] = [
    Math.min(view[0], view[2]),
    Math.min(view[1], view[3]),
    Math.max(view[0], view[2]),
    Math.max(view[1], view[3]),
  ];
  const hold = (x: number, y: number) => {
    x1 = Math.min(x1, x - PROMPT_MARGIN);
    y1 = Math.min(y1, y - PROMPT_MARGIN);
    x2 = Math.max(x2, x + PROMPT_MARGIN);
    y2 = Math.max(y2, y + PROMPT_MARGIN);
  };
  for (const { point } of prompt.points) hold(point[0], point[1]);
  if (prompt.box) {
    hold(prompt.box[0], prompt.box[1]);
    hold(prompt.box[2], prompt.box[3]);
  }
  const grow = (lo: number, hi: number, size: number): [number, number] => {
    const side = Math.min(size, MIN_SIDE);
    let a = Math.max(0, Math.floor(lo));
    let b = Math.min(size, Math.ceil(hi));
    if (b - a < side) {
      const mid = (a + b) / 2;
      a = Math.max(0, Math.min(size - side, Math.round(mid - side / 2)));
      b = a + side;
    }
    return [a, b];
  };
  [x1, x2] = grow(x1, x2, width);
  [y1, y2] = grow(y1, y2, height);
  if (x1 === 0 && y1 === 0 && x2 === width && y2 === height) return null;
  return [x1, y1, x2, y2];
}

/** The prompt in the crop's frame. */
export function promptInCrop(prompt: PromptInput, [cx, cy]: Box): PromptInput {
  return {
    points: prompt.points.map(({ point, positive }) => ({
      point: [point[0] - cx, point[1] - cy],
      positive,
    })),
    box: prompt.box && [prompt.box[0] - cx, prompt.box[1] - cy, prompt.box[2] - cx, prompt.box[3] - cy],
  };
}

/**
 * A crop's mask placed in the whole image (background elsewhere), straight from run to run: COCO RLE runs down
 * the columns, so each foreground run of the crop splits at the crop's column ends and lands at
 * (x + cx) * height + y + cy. No full-size bitmap is made, which matters for a 4K frame on every click.
 */
export function rleIntoImage(rle: Rle, crop: Box, width: number, height: number): Rle {
  const [cx, cy, cx2, cy2] = crop;
  const cw = cx2 - cx;
  const ch = cy2 - cy;
  const counts = rleToCounts(rle, [ch, cw]);
  const out: number[] = [];
  let end = 0; // where the last foreground run written ends, in image positions
  const put = (start: number, length: number) => {
    // Runs of the crop that meet across a column end stay apart, unless the crop spans the image's height.
    if (out.length > 0 && start === end) out[out.length - 1]! += length;
    else out.push(start - end, length);
    end = start + length;
  };
  forEachColumnPiece(counts, ch, (x, y, n) => put((x + cx) * height + y + cy, n));
  // As pycocotools: a mask ending in foreground has no empty last run.
  if (out.length === 0 || end < width * height) out.push(width * height - end);
  return rleFromCounts({ size: [height, width], counts: out }, [height, width]);
}

/** The crop's content hash: its cache key, and the key of its embeddings. */
export function cropSha256(imageSha256: string, [x1, y1, x2, y2]: Box): string {
  return createHash('sha256').update(`${imageSha256}:view:${x1},${y1},${x2},${y2}`).digest('hex');
}

/** Disk kept for crops by default: a few hundred crops of a zoomed-in 4K frame. */
export const DEFAULT_VIEW_CACHE_MB = 256;

/** The crop cache in `dir`, its least recently used crops removed past `maxMB`. */
export const viewCropCache = (dir: string, maxMB = DEFAULT_VIEW_CACHE_MB) =>
  new DiskBudget(dir, maxMB * 1024 * 1024, '.png');

/**
 * The crop as an image the engines read: cut from the oriented image once, then kept in `cache` (cut again
 * when the budget has removed it since).
 */
export async function cropImage(image: EngineImage, crop: Box, cache: DiskBudget): Promise<EngineImage> {
  const [x1, y1, x2, y2] = crop;
  const sha256 = cropSha256(image.sha256, crop);
  const path = await ensureCachedFile(
    cachePath(cache.dir, sha256, '.png'),
    () =>
      // convertImage orients the image first, so the crop is in the same frame as every coordinate.
      convertImage(image.path, (img) =>
        img.extract({ left: x1, top: y1, width: x2 - x1, height: y2 - y1 }).png({ compressionLevel: 2 }),
      ),
    cache,
  );
  return { sha256, path, width: x2 - x1, height: y2 - y1 };
}
