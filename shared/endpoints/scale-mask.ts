// Masks come back from an endpoint at the size of the image sent, which may be smaller than the original:
// nearest-neighbour scaling maps them back onto the original pixels (each output pixel takes the input pixel
// under its centre), and prompts go the other way with scalePoint.
import type { Box, Point, Rle } from '../domain';
import { rleFromCounts, rleToCounts } from '../geometry/rle';

/** The source index under each output pixel centre, for `out` pixels taken from `src`. */
function nearest(src: number, out: number): Int32Array {
  const map = new Int32Array(out);
  // (i + 0.5) * src / out in integers: exact, so the same pixel is chosen on every machine and in every test.
  for (let i = 0; i < out; i++) map[i] = Math.min(src - 1, Math.floor(((2 * i + 1) * src) / (2 * out)));
  return map;
}

/**
 * Nearest-neighbour scaling on the runs, without decoding a pixel (each output pixel takes the source pixel
 * under its centre): each output column copies its source column's foreground intervals with their ends
 * mapped through the (monotonic) row map. Work grows with runs x output columns, not
 * pixels, so mapping an endpoint's 1024x576 answer onto a 1280x720 image costs a fraction of a decode.
 */
export function scaleRle(rle: Rle, width: number, height: number): Rle {
  const [h, w] = rle.size;
  if (h === height && w === width) return rle;
  const counts = rleToCounts(rle);
  if (h === 0 || w === 0 || width === 0 || height === 0)
    return rleFromCounts({ size: [height, width], counts: [width * height] });
  // Foreground intervals [y0, y1) per source column.
  const columns: number[][] = Array.from({ length: w }, () => []);
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i]!;
    if (i & 1) {
      for (let p = pos, end = pos + len; p < end;) {
        const x = Math.floor(p / h);
        const y0 = p - x * h;
        const y1 = Math.min(h, y0 + (end - p));
        columns[x]!.push(y0, y1);
        p += y1 - y0;
      }
    }
    pos += len;
  }
  // firstOut[r]: the first output row whose source row is r or later (height when none).
  const rows = nearest(h, height);
  const firstOut = new Int32Array(h + 1).fill(height);
  for (let y = height - 1; y >= 0; y--) firstOut[rows[y]!] = y;
  for (let r = h - 1; r >= 0; r--) firstOut[r] = Math.min(firstOut[r]!, firstOut[r + 1]!);
  const cols = nearest(w, width);
  const out: number[] = [];
  let last = 0; // end of the last foreground interval, as a column-major position
  for (let x = 0; x < width; x++) {
    const intervals = columns[cols[x]!]!;
    for (let k = 0; k < intervals.length; k += 2) {
      const y0 = firstOut[intervals[k]!]!;
      const y1 = firstOut[intervals[k + 1]!]!;
      if (y1 <= y0) continue;
      const start = x * height + y0;
      if (start === last && out.length > 0) out[out.length - 1]! += y1 - y0;
      else out.push(start - last, y1 - y0);
      last = x * height + y1;
    }
  }
  // pycocotools ends with the last run: a trailing background run only when there is one.
  if (last < width * height || out.length === 0) out.push(width * height - last);
  return rleFromCounts({ size: [height, width], counts: out });
}

/** Scale factors from one image frame to another ([x, y]). */
export interface FrameScale {
  x: number;
  y: number;
}

export const scaleBetween = (
  from: { width: number; height: number },
  to: { width: number; height: number },
): FrameScale => ({ x: to.width / from.width, y: to.height / from.height });

export const scalePoint = ([x, y]: Point, s: FrameScale): Point => [x * s.x, y * s.y];

export const scaleBox = ([x1, y1, x2, y2]: Box, s: FrameScale): Box => [
  x1 * s.x,
  y1 * s.y,
  x2 * s.x,
  y2 * s.y,
];
