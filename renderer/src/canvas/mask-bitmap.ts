// Masks are drawn as bitmaps, never as per-pixel shapes: each RLE is decoded once, straight into a canvas the
// size of its box, in its label colour, and kept in a small LRU keyed by what it shows (id, RLE and colour).
// The outline comes from the same pixels through the shared contour tracer.
import type { Box, Point, Rle } from '../../../shared/domain';
import {
  createMask,
  forEachColumnPiece,
  maskToPolygons,
  rleToBox,
  rleToCounts,
  simplifyPolygons,
  type BinaryMask,
} from '../../../shared/geometry';

export interface MaskBitmap {
  /** Null for an empty mask. */
  canvas: HTMLCanvasElement | null;
  box: Box;
  /** The pixels of the box, for hit tests. */
  mask: BinaryMask;
  /** Outline rings (outer and holes) in image pixels, computed on first use. */
  outline(): Point[][];
}

/** The mask's pixels inside its box, decoded from the RLE runs without making a full-size mask. */
export function decodeCropped(rle: Rle): { box: Box; mask: BinaryMask } {
  const box = rleToBox(rle);
  const [x1, y1, x2, y2] = box;
  const w = Math.max(0, x2 - x1);
  const mask = createMask(w, Math.max(0, y2 - y1));
  const data = mask.data;
  forEachColumnPiece(rleToCounts(rle), rle.size[0], (x, y, n) => {
    let idx = (y - y1) * w + (x - x1);
    for (let k = 0; k < n; k++, idx += w) data[idx] = 1;
  });
  return { box, mask };
}

function parseColor(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function paintMask(mask: BinaryMask, color: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = mask.width;
  canvas.height = mask.height;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(mask.width, mask.height);
  const [r, g, b] = parseColor(color);
  // One 32-bit write per pixel; ImageData is RGBA in memory, i.e. ABGR as a little-endian word.
  const px = new Uint32Array(image.data.buffer);
  const on = (255 << 24) | (b << 16) | (g << 8) | r;
  const data = mask.data;
  for (let i = 0; i < data.length; i++) if (data[i]) px[i] = on;
  ctx.putImageData(image, 0, 0);
  return canvas;
}

export function buildMaskBitmap(rle: Rle, color: string): MaskBitmap {
  const { box, mask } = decodeCropped(rle);
  let rings: Point[][] | null = null;
  return {
    canvas: mask.width > 0 && mask.height > 0 ? paintMask(mask, color) : null,
    box,
    mask,
    outline() {
      rings ??= simplifyPolygons(maskToPolygons(mask), 0.7).flatMap((p) =>
        [p.outer, ...p.holes].map((ring) => ring.map(([x, y]): Point => [x + box[0], y + box[1]])),
      );
      return rings;
    },
  };
}

const LIMIT = 400;
const cache = new Map<string, MaskBitmap>();

/** The bitmap of an annotation's mask, from the cache when its id, pixels and colour are unchanged. */
export function maskBitmap(id: number | string, rle: Rle, color: string): MaskBitmap {
  const key = `${id}|${color}|${rle.size.join('x')}|${rle.counts}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place in the LRU order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = buildMaskBitmap(rle, color);
  cache.set(key, made);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
  return made;
}
