// Polygons -> COCO RLE exactly as pycocotools rasterises them (frPyObjects, then merge for several parts), so
// an exported polygon's area and pixels are what annToMask and COCOeval 'segm' see. Its pixel rule differs from
// rasterize.ts (pixel centres inside the outline) on slanted edges: pycocotools walks each edge on a 5x finer
// grid and, in every pixel column, starts or ends a run at the first boundary point at or below the column's
// centre. rasterize.ts stays the studio's fill (its pixel-edge rings fill back exactly to the traced pixels).
import type { Point, Rle } from '../domain';
import { rleArea, rleFromCounts, rleUnion } from './rle';

const SCALE = 5;

/**
 * How far outside the image a polygon's points may lie, in image sizes: the edge walk below takes a step per
 * grid cell of every edge, so a point at 1e300 would never end (pycocotools' would not either).
 */
export const MAX_POLYGON_REACH = 8;

/** The first point of `rings` lying further than MAX_POLYGON_REACH image sizes outside the image, or null. */
export function pointTooFar(
  rings: readonly (readonly Point[])[],
  width: number,
  height: number,
): Point | null {
  const reach = MAX_POLYGON_REACH * Math.max(width, height, 1);
  for (const ring of rings)
    for (const point of ring)
      if (!(
        point[0] >= -reach &&
        point[0] <= width + reach &&
        point[1] >= -reach &&
        point[1] <= height + reach
      ))
        return point;
  return null;
}
/** C's (int) cast: towards zero, not floor (coordinates left of the image round towards it). */
const toInt = Math.trunc;

/** Where the boundary steps from grid column u to the next at row v: a run start when u is a pixel column's centre. */
function runStart(starts: number[], width: number, height: number, u: number, v: number): void {
  const xd = (u + 0.5) / SCALE - 0.5;
  if (Math.floor(xd) !== xd || xd < 0 || xd > width - 1) return;
  const yd = (v + 0.5) / SCALE - 0.5;
  starts.push(xd * height + Math.ceil(Math.min(height, Math.max(0, yd))));
}

/**
 * One ring's run lengths at height x width. Its boundary is walked on the 5x grid, each edge one step along its
 * longer axis from its lower end (pycocotools lists the points in the ring's order, which only matters where
 * one edge meets the next); wherever two consecutive points lie in different grid columns and the lower column
 * is a pixel column's centre, a run starts or ends at the lower of their rows. Along x every step changes the
 * column, so only every fifth step can be a centre and the others are skipped; along y the column changes
 * rarely (never on a vertical edge) and every step is compared.
 */
function ringCounts(ring: readonly Point[], width: number, height: number): number[] {
  const n = ring.length;
  const starts: number[] = [];
  const gx = ring.map(([x]) => toInt(SCALE * x + 0.5));
  const gy = ring.map(([, y]) => toInt(SCALE * y + 0.5));
  let [lastU, lastV] = [0, 0]; // the previous edge's last point as listed
  for (let j = 0; j < n; j++) {
    let [x0, y0, x1, y1] = [gx[j]!, gy[j]!, gx[(j + 1) % n]!, gy[(j + 1) % n]!];
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y1 - y0);
    const alongX = dx >= dy;
    const flip = alongX ? x0 > x1 : y0 > y1;
    if (flip) [x0, y0, x1, y1] = [x1, y1, x0, y0];
    const steps = alongX ? dx : dy;
    const slope = steps === 0 ? 0 : alongX ? (y1 - y0) / dx : (x1 - x0) / dy;
    // The edge's first and last points as listed (from its start): where it meets its neighbours.
    const [t0, t1] = flip ? [steps, 0] : [0, steps];
    const [u0, v0] = alongX
      ? [t0 + x0, toInt(y0 + slope * t0 + 0.5)]
      : [toInt(x0 + slope * t0 + 0.5), t0 + y0];
    if (j > 0 && u0 !== lastU) runStart(starts, width, height, Math.min(u0, lastU), Math.min(v0, lastV));
    [lastU, lastV] = alongX
      ? [t1 + x0, toInt(y0 + slope * t1 + 0.5)]
      : [toInt(x0 + slope * t1 + 0.5), t1 + y0];
    // Consecutive points of the edge, t and t + 1, in whichever order they are listed.
    if (alongX) {
      const first = (((2 - x0) % SCALE) + SCALE) % SCALE; // x0 + t = 2 (mod 5): a column centre
      for (let t = first; t < steps; t += SCALE) {
        const [va, vb] = [toInt(y0 + slope * t + 0.5), toInt(y0 + slope * (t + 1) + 0.5)];
        runStart(starts, width, height, x0 + t, Math.min(va, vb));
      }
    } else if (slope !== 0) {
      // (A vertical edge stays in its column: no boundary inside it.)
      let ua = toInt(x0 + 0.5);
      for (let t = 0; t < steps; t++) {
        const ub = toInt(x0 + slope * (t + 1) + 0.5);
        if (ua !== ub) runStart(starts, width, height, Math.min(ua, ub), y0 + t);
        ua = ub;
      }
    }
  }
  starts.push(width * height);
  const sorted = Float64Array.from(starts).sort();
  // Differences of the sorted boundaries are the runs; a zero-length run joins its neighbours.
  const counts = [sorted[0]!];
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]! > sorted[k - 1]!) counts.push(sorted[k]! - sorted[k - 1]!);
    else if (++k < sorted.length) counts[counts.length - 1]! += sorted[k]! - sorted[k - 1]!;
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
