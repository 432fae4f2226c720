// Measures and checks on points, boxes and polygons, in image pixels (origin top-left, y down).
import type { Box, Point } from '../domain';
import type { BinaryMask } from './mask';

/** One part of a region: its outline and the outlines of its holes. Rings are open: the last point joins the first. */
export interface Polygon {
  outer: Point[];
  holes: Point[][];
}

/** Shoelace area; positive for rings that run clockwise on screen (y down), like contour outer rings. */
export function ringArea(ring: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xj, yj] = ring[j]!;
    const [xi, yi] = ring[i]!;
    twice += xj * yi - xi * yj;
  }
  return twice / 2;
}

/** Area of the outline minus its holes, whatever the rings' orientation. */
export function polygonArea(polygon: Polygon): number {
  return polygon.holes.reduce(
    (area, hole) => area - Math.abs(ringArea(hole)),
    Math.abs(ringArea(polygon.outer)),
  );
}

/** The smallest box holding every point, or null when there are none. */
export function boxFromPoints(points: readonly Point[]): Box | null {
  if (points.length === 0) return null;
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

export function boxArea([x1, y1, x2, y2]: Box): number {
  return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
}

/** The box with its corners ordered and held inside a width x height image. */
export function clipBox([x1, y1, x2, y2]: Box, width: number, height: number): Box {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return [
    clamp(Math.min(x1, x2), width),
    clamp(Math.min(y1, y2), height),
    clamp(Math.max(x1, x2), width),
    clamp(Math.max(y1, y2), height),
  ];
}

/** COCO's [x, y, width, height] for exports. */
export function boxToCocoBbox([x1, y1, x2, y2]: Box): [number, number, number, number] {
  return [x1, y1, x2 - x1, y2 - y1];
}

/** Whether the pixel under an image point is set; false outside the mask. */
export function pointInMask(mask: BinaryMask, [x, y]: Point): boolean {
  const px = Math.floor(x);
  const py = Math.floor(y);
  return px >= 0 && py >= 0 && px < mask.width && py < mask.height && mask.data[py * mask.width + px] !== 0;
}

/** Even-odd test over all rings (outline and holes), the rule rasterize.ts fills by. */
export function pointInPolygon([x, y]: Point, rings: readonly (readonly Point[])[]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) inside = !inside;
    }
  }
  return inside;
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Whether two segments cross at a point inside both, or overlap along a stretch; touching at a point is allowed. */
function segmentsConflict(a: Point, b: Point, c: Point, d: Point): boolean {
  const [o1, o2, o3, o4] = [cross(a, b, c), cross(a, b, d), cross(c, d, a), cross(c, d, b)];
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  if (o1 !== 0 || o2 !== 0) return false;
  // Collinear: project on the longer axis and look for a shared stretch of positive length.
  const axis = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
  const lo = Math.max(Math.min(a[axis], b[axis]), Math.min(c[axis], d[axis]));
  const hi = Math.min(Math.max(a[axis], b[axis]), Math.max(c[axis], d[axis]));
  return hi > lo;
}

/**
 * Why a polygon (an outline, optionally followed by hole rings) cannot be used, as a sentence for the UI, or
 * null when it is fine. Rings may touch at a point but not cross or run along each other. O(n²) in the number
 * of edges: meant for hand-drawn polygons.
 */
export function polygonProblem(rings: readonly (readonly Point[])[]): string | null {
  if (rings.length === 0) return 'The polygon has no outline';
  const name = (i: number) => (rings.length > 1 ? `Ring ${i + 1}` : 'The polygon');
  // Repeated consecutive points (a double click) are harmless: drop them before counting and pairing edges.
  const cleaned = rings.map((ring) =>
    ring.filter((p, k) => {
      const prev = ring[(k + ring.length - 1) % ring.length]!;
      return p[0] !== prev[0] || p[1] !== prev[1];
    }),
  );
  for (const [i, points] of cleaned.entries()) {
    if (new Set(points.map(([x, y]) => `${x},${y}`)).size < 3)
      return `${name(i)} needs at least 3 distinct points`;
    const [a, b] = points as [Point, Point];
    if (points.every((p) => cross(a, b, p) === 0))
      return `${name(i)} has no area: its points lie on one line`;
  }
  const edges = cleaned.flatMap((points) =>
    points.map((p, k) => [p, points[(k + 1) % points.length]!] as const),
  );
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [[a, b], [c, d]] = [edges[i]!, edges[j]!];
      if (segmentsConflict(a, b, c, d))
        return 'The polygon crosses itself: move a point so no two edges cross';
    }
  }
  // A ring passing twice through one point is taken as touching itself there, even when it actually crosses
  // over at that point; of those, only loops that cancel out exactly are caught here.
  const flat = cleaned.findIndex((points) => ringArea(points) === 0);
  return flat < 0 ? null : `${name(flat)} encloses no area: its loops cancel out`;
}
