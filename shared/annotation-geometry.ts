// An annotation's shape rules, one definition for the editor (the first line: it refuses a shape before
// anything is sent, with the sentence shown to the user) and the store (the last line: nothing corrupt is
// saved): where a point is inside its image, the area in pixels, and what makes a polygon or a mask unusable.
import type { Geometry, Point, Rle } from './domain';
import { boxArea, polygonArea, polygonProblem, rleArea } from './geometry';

/** Inside the image in pixel-edge coordinates: the far edge counts as inside. */
export function insideImage([x, y]: Point, width: number, height: number): boolean {
  return x >= 0 && y >= 0 && x <= width && y <= height;
}

/** The area in pixels: none for a point, the box's, the outline's less its holes, the mask's pixels. */
export function geometryArea(geometry: Geometry, rle: Rle | null): number {
  switch (geometry.kind) {
    case 'point':
      return 0;
    case 'box':
      return boxArea(geometry.box);
    case 'polygon': {
      const [outer, ...holes] = geometry.rings;
      // Holes larger than the outline are a drawing mistake, not a negative area.
      return outer ? Math.max(0, polygonArea({ outer, holes })) : 0;
    }
    case 'mask':
      return rle ? rleArea(rle) : 0;
  }
}

/**
 * A polygon ring of fewer than 3 points, as a sentence, or null. `ring` numbers it (from 1) among the rings
 * of a stored polygon; without it the sentence speaks of the one outline being drawn.
 */
export function ringLengthProblem(points: number, ring?: number): string | null {
  if (points >= 3) return null;
  return ring === undefined
    ? `A polygon needs at least 3 points; this one has ${points}.`
    : `Polygon ring ${ring} has ${points} points; it needs at least 3.`;
}

/** A polygon that crosses itself or has too few distinct points (shared/geometry's check), as a sentence. */
export function polygonShapeProblem(rings: readonly (readonly Point[])[]): string | null {
  const problem = polygonProblem(rings);
  return problem ? `${problem}.` : null;
}

/** A mask of another size than its image, or one that covers no pixel, as a sentence, or null. */
export function maskProblem(rle: Rle, width: number, height: number): string | null {
  const [h, w] = rle.size;
  if (h !== height || w !== width) return `The mask is ${w}x${h} pixels but its image is ${width}x${height}.`;
  if (rleArea(rle) === 0) return 'The mask is empty: it covers no pixel.';
  return null;
}
