// Douglas-Peucker for closed rings: fewer points for display, storage and polygon exports.
import type { Point } from '../domain';
import { ringArea, type Polygon } from './measure';

function segmentDistance2([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const [dx, dy] = [bx - ax, by - ay];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const [ex, ey] = [px - ax - t * dx, py - ay - t * dy];
  return ex * ex + ey * ey;
}

/** The point strictly between ring indices i and j (j may be ring.length, meaning 0) farthest from chord i-j. */
function farthest(ring: readonly Point[], i: number, j: number): { index: number; distance2: number } {
  const [a, b] = [ring[i]!, ring[j % ring.length]!];
  let best = { index: -1, distance2: -1 };
  for (let k = i + 1; k < j; k++) {
    const distance2 = segmentDistance2(ring[k]!, a, b);
    if (distance2 > best.distance2) best = { index: k, distance2 };
  }
  return best;
}

/**
 * Keeps the points that lie more than `tolerance` pixels from the simplified outline. A closed ring has no
 * natural ends, so it is split at point 0 and the point farthest from it. Never returns fewer than 3 points;
 * returns null when the ring collapses (no area left).
 */
export function simplifyRing(ring: readonly Point[], tolerance: number): Point[] | null {
  const n = ring.length;
  if (n < 3) return null;
  const far = farthest(ring, 0, n).index;
  const keep = new Uint8Array(n);
  keep[0] = keep[far] = 1;
  let count = 2;
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  for (let range = stack.pop(); range; range = stack.pop()) {
    const [i, j] = range;
    const { index, distance2 } = farthest(ring, i, j);
    if (index < 0 || distance2 <= tolerance * tolerance) continue;
    keep[index] = 1;
    count++;
    stack.push([i, index], [index, j]);
  }
  if (count < 3) {
    // Both halves fell within tolerance: keep the point that gives the ring the most width.
    const [a, b] = [farthest(ring, 0, far), farthest(ring, far, n)];
    keep[(a.distance2 >= b.distance2 ? a : b).index] = 1;
  }
  const kept = ring.filter((_, k) => keep[k]);
  return kept.length < 3 || ringArea(kept) === 0 ? null : kept;
}

/** Simplifies every ring; a part whose outline collapses is dropped with its holes, a collapsed hole alone. */
export function simplifyPolygons(polygons: readonly Polygon[], tolerance: number): Polygon[] {
  const out: Polygon[] = [];
  for (const { outer, holes } of polygons) {
    const simple = simplifyRing(outer, tolerance);
    if (!simple) continue;
    out.push({
      outer: simple,
      holes: holes.map((hole) => simplifyRing(hole, tolerance)).filter((hole) => hole !== null),
    });
  }
  return out;
}
