// Polygons -> COCO RLE exactly as pycocotools rasterises them (frPyObjects, then merge for several parts), so
// an exported polygon's area and pixels are what annToMask and COCOeval 'segm' see. Its pixel rule differs from
// rasterize.ts (pixel centres inside the outline) on slanted edges: pycocotools walks each edge on a 5x finer
// grid and, in every pixel column, starts or ends a run at the first boundary point at or below the column's
// centre. rasterize.ts stays the studio's fill (its pixel-edge rings fill back exactly to the traced pixels).
import type { Point, Rle } from '../domain';
import { rleArea, rleFromCounts, rleUnion } from './rle';

const SCALE = 5;
/** C's (int) cast: towards zero, not floor (coordinates left of the image round towards it). */
const toInt = Math.trunc;

/**
 * One ring's run lengths at height x width: run boundaries where its boundary, walked on the 5x grid one step
 * along each edge's longer axis, crosses a pixel column centre. The boundary points are made and compared in
 * one pass (pycocotools lists them all first), so a ring costs no arrays but its run starts.
 */
function ringCounts(ring: readonly Point[], width: number, height: number): number[] {
  const n = ring.length;
  const starts: number[] = [];
  let [pu, pv] = [0, 0]; // the previous boundary point
  let first = true;
  const visit = (u: number, v: number) => {
    if (!first && u !== pu) {
      const xd = (Math.min(u, pu) + 0.5) / SCALE - 0.5;
      if (Math.floor(xd) === xd && xd >= 0 && xd <= width - 1) {
        const yd = (Math.min(v, pv) + 0.5) / SCALE - 0.5;
        starts.push(xd * height + Math.ceil(Math.min(height, Math.max(0, yd))));
      }
    }
    [pu, pv, first] = [u, v, false];
  };
  const gx = (j: number) => toInt(SCALE * ring[j % n]![0] + 0.5);
  const gy = (j: number) => toInt(SCALE * ring[j % n]![1] + 0.5);
  for (let j = 0; j < n; j++) {
    let [x0, y0, x1, y1] = [gx(j), gy(j), gx(j + 1), gy(j + 1)];
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y1 - y0);
    const alongX = dx >= dy;
    // Each edge is walked from its lower end on the long axis, then the points are listed from its start.
    const flip = alongX ? x0 > x1 : y0 > y1;
    if (flip) [x0, y0, x1, y1] = [x1, y1, x0, y0];
    const steps = alongX ? dx : dy;
    const slope = steps === 0 ? 0 : alongX ? (y1 - y0) / dx : (x1 - x0) / dy;
    for (let d = 0; d <= steps; d++) {
      const t = flip ? steps - d : d;
      if (alongX) visit(t + x0, toInt(y0 + slope * t + 0.5));
      else visit(toInt(x0 + slope * t + 0.5), t + y0);
    }
  }
  starts.push(width * height);
  const sorted = Float64Array.from(starts).sort();
  // Differences of the sorted boundaries are the runs; a zero-length run joins its neighbours.
  const diffs = sorted.map((p, k) => p - (k > 0 ? sorted[k - 1]! : 0));
  const counts = [diffs[0]!];
  for (let k = 1; k < diffs.length; k++) {
    if (diffs[k]! > 0) counts.push(diffs[k]!);
    else if (++k < diffs.length) counts[counts.length - 1]! += diffs[k]!;
  }
  return counts;
}

const ringToRle = (ring: readonly Point[], width: number, height: number): Rle =>
  rleFromCounts({ size: [height, width], counts: ringCounts(ring, width, height) });

/** The union of the rings (COCO lists an object's parts, not holes), rasterised as pycocotools does. */
export function rasterizeCocoPolygons(
  rings: readonly (readonly Point[])[],
  width: number,
  height: number,
): Rle {
  if (rings.length === 0) return rleFromCounts({ size: [height, width], counts: [width * height] });
  if (rings.length === 1) return ringToRle(rings[0]!, width, height);
  return rleUnion(rings.map((ring) => ringToRle(ring, width, height)));
}

/** The pixel count of rasterizeCocoPolygons (an exported polygon's area), one ring without encoding its RLE. */
export function cocoPolygonArea(rings: readonly (readonly Point[])[], width: number, height: number): number {
  if (rings.length !== 1) return rleArea(rasterizeCocoPolygons(rings, width, height));
  const counts = ringCounts(rings[0]!, width, height);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i]!;
  return area;
}
