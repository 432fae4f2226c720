// What the canvas refuses before anything reaches the store, with the sentence shown to the user. The store
// checks the same things again (electron/store/annotation-geometry.ts); this is the fast, visible first line.
import type { Box, Point, Rle } from '../../../shared/domain';
import { boxArea, clipBox, polygonProblem, rleArea, rleToBox } from '../../../shared/geometry';

export type Checked<T> = { ok: true; value: T; clipped: boolean } | { ok: false; reason: string };

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

export function insideImage([x, y]: Point, width: number, height: number): boolean {
  return x >= 0 && y >= 0 && x <= width && y <= height;
}

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
  if (ring.length < 3)
    return { ok: false, reason: `A polygon needs at least 3 points; this one has ${ring.length}.` };
  const value = ring.map((p) => clampPoint(p, width, height));
  const problem = polygonProblem([value]);
  if (problem) return { ok: false, reason: `${problem}.` };
  return { ok: true, value, clipped: value.some((p, i) => !samePoint(p, ring[i]!)) };
}

const samePoint = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** A model's mask must be of this image's size and cover something; returns its box. */
export function checkMask(rle: Rle, width: number, height: number): Checked<Box> {
  const [h, w] = rle.size;
  if (h !== height || w !== width)
    return { ok: false, reason: `The mask is ${w}x${h} pixels but the image is ${width}x${height}.` };
  if (rleArea(rle) === 0) return { ok: false, reason: 'The mask is empty: it covers no pixel.' };
  return { ok: true, value: rleToBox(rle), clipped: false };
}
