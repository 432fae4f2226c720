// Polygons -> mask by scanline fill. Pixel (x, y) is inside when its centre (x + 0.5, y + 0.5) is, so the
// pixel-edge rings of contours.ts fill back to exactly the pixels they came from.
import type { Point } from '../domain';
import { createMask, type BinaryMask } from './mask';
import type { Polygon } from './measure';

/** ORs the even-odd fill of `rings` into `mask`. */
function fillEvenOdd(rings: readonly (readonly Point[])[], mask: BinaryMask): void {
  const { width: w, height: h, data } = mask;
  // Crossings of each pixel row's centre line with the ring edges, bucketed by row.
  const rows: number[][] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j]!;
      const [x1, y1] = ring[i]!;
      if (y0 === y1) continue;
      // Half-open in y, so a vertex on a centre line counts once for the two edges meeting there.
      const from = Math.max(0, Math.ceil(Math.min(y0, y1) - 0.5));
      const to = Math.min(h, Math.ceil(Math.max(y0, y1) - 0.5));
      const slope = (x1 - x0) / (y1 - y0);
      for (let y = from; y < to; y++) (rows[y] ??= []).push(x0 + (y + 0.5 - y0) * slope);
    }
  }
  rows.forEach((xs, y) => {
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixels whose centre lies in [xs[k], xs[k + 1]).
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(w, Math.ceil(xs[k + 1]! - 0.5));
      if (to > from) data.fill(1, y * w + from, y * w + to);
    }
  });
}

/** Fills rings by the even-odd rule: a hole is any ring inside another, as in the 'polygon' geometry kind. */
export function rasterizeRings(
  rings: readonly (readonly Point[])[],
  width: number,
  height: number,
): BinaryMask {
  const mask = createMask(width, height);
  fillEvenOdd(rings, mask);
  return mask;
}

/** The union of the parts, each its outline minus its holes; parts may overlap. */
export function rasterizePolygons(polygons: readonly Polygon[], width: number, height: number): BinaryMask {
  const mask = createMask(width, height);
  for (const { outer, holes } of polygons) fillEvenOdd([outer, ...holes], mask);
  return mask;
}
