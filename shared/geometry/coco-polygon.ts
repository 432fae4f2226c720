// Polygons -> COCO RLE exactly as pycocotools rasterises them (frPyObjects, then merge for several parts), so
// an exported polygon's area and pixels are what annToMask and COCOeval 'segm' see. Its pixel rule differs from
// rasterize.ts (pixel centres inside the outline) on slanted edges: pycocotools walks each edge on a 5x finer
// grid and, in every pixel column, starts or ends a run at the first boundary point at or below the column's
// centre. rasterize.ts stays the studio's fill (its pixel-edge rings fill back exactly to the traced pixels).
import type { Point, Rle } from '../domain';
import { rleFromCounts, rleUnion } from './rle';

const SCALE = 5;
/** C's (int) cast: towards zero, not floor (coordinates left of the image round towards it). */
const toInt = Math.trunc;

/** The boundary of one ring as integer points on the 5x grid, each edge walked one step along its longer axis. */
function walkEdges(ring: readonly Point[]): { u: number[]; v: number[] } {
  const xs = ring.map(([x]) => toInt(SCALE * x + 0.5));
  const ys = ring.map(([, y]) => toInt(SCALE * y + 0.5));
  const u: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < ring.length; j++) {
    let [x0, y0, x1, y1] = [xs[j]!, ys[j]!, xs[(j + 1) % ring.length]!, ys[(j + 1) % ring.length]!];
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
      if (alongX) {
        u.push(t + x0);
        v.push(toInt(y0 + slope * t + 0.5));
      } else {
        v.push(t + y0);
        u.push(toInt(x0 + slope * t + 0.5));
      }
    }
  }
  return { u, v };
}

/** One ring's RLE at height x width: run boundaries where the walked edges cross pixel column centres. */
function ringToRle(ring: readonly Point[], width: number, height: number): Rle {
  const { u, v } = walkEdges(ring);
  const starts: number[] = [];
  for (let j = 1; j < u.length; j++) {
    if (u[j] === u[j - 1]) continue;
    const xd = (Math.min(u[j]!, u[j - 1]!) + 0.5) / SCALE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > width - 1) continue;
    const yd = (Math.min(v[j]!, v[j - 1]!) + 0.5) / SCALE - 0.5;
    starts.push(xd * height + Math.ceil(Math.min(height, Math.max(0, yd))));
  }
  starts.push(width * height);
  starts.sort((a, b) => a - b);
  // Differences of the sorted boundaries are the runs; a zero-length run joins its neighbours.
  const diffs = starts.map((p, k) => p - (k > 0 ? starts[k - 1]! : 0));
  const counts = [diffs[0]!];
  for (let k = 1; k < diffs.length; k++) {
    if (diffs[k]! > 0) counts.push(diffs[k]!);
    else if (++k < diffs.length) counts[counts.length - 1]! += diffs[k]!;
  }
  return rleFromCounts({ size: [height, width], counts });
}

/** The union of the rings (COCO lists an object's parts, not holes), rasterised as pycocotools does. */
export function rasterizeCocoPolygons(
  rings: readonly (readonly Point[])[],
  width: number,
  height: number,
): Rle {
  if (rings.length === 0) return rleFromCounts({ size: [height, width], counts: [width * height] });
  return rleUnion(rings.map((ring) => ringToRle(ring, width, height)));
}
