// What the canvas refuses before anything reaches the store, with the sentence shown to the user. The rules
// are shared/annotation-geometry.ts, which the store applies again; here shapes past the image's edge are
// clipped to it first (the store refuses them), so a quick drag past the edge still gives a shape.
import { maskProblem, polygonShapeProblem, ringLengthProblem } from '../../../shared/annotation-geometry';
import type { Box, Point, Rle } from '../../../shared/domain';
import { boxArea, clipBox, rleToBox } from '../../../shared/geometry';

export type Checked<T> = { ok: true; value: T; clipped: boolean } | { ok: false; reason: string };

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

/** A point held inside the image (pixel-edge coordinates: the far edge counts as inside). */
export function clampPoint([x, y]: Point, width: number, height: number): Point {
  return [clamp(x, width), clamp(y, height)];
}

/** A dragged box, corners ordered and clipped to the image; refused when nothing of it is left. */
export function checkBox(box: Box, width: number, height: number): Checked<Box> {
  const clipped = clipBox(box, width, height);
  if (boxArea(clipped) < 1)
    return { ok: false, reason: 'The box has no area: drag out a rectangle inside the image.' };
  const ordered = clipBox(box, Infinity, Infinity);
  return { ok: true, value: clipped, clipped: clipped.some((v, i) => v !== ordered[i]) };
}

/** A polygon outline clipped to the image; refused with fewer than 3 points or when it crosses itself. */
export function checkPolygon(ring: readonly Point[], width: number, height: number): Checked<Point[]> {
  const short = ringLengthProblem(ring.length);
  if (short) return { ok: false, reason: short };
  const value = ring.map((p) => clampPoint(p, width, height));
  const problem = polygonShapeProblem([value]);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, value, clipped: value.some((p, i) => !samePoint(p, ring[i]!)) };
}

const samePoint = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** A model's mask must be of this image's size and cover something; returns its box. */
export function checkMask(rle: Rle, width: number, height: number): Checked<Box> {
  const problem = maskProblem(rle, width, height);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, value: rleToBox(rle), clipped: false };
}
