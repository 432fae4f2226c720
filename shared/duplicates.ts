// When a model's proposal repeats what is already on the image: the same label and an overlap of at least
// DUPLICATE_IOU (by mask pixels when both are masks, else by boxes). Pressing 'Detect cars' twice, running a
// detector job over the library again, or proposing a chain run again must not stack copies on what is there.
import type { Annotation, Box, Rle } from './domain';
import { rleIou } from './geometry';
import { boxIou } from './geometry/nms';

export const DUPLICATE_IOU = 0.7;

/** What the match looks at: the label, the box (masks and boxes have one) and the mask pixels. */
export interface ShapeKey {
  labelId: number | null;
  box: Box | null;
  rle: Rle | null;
}

export function shapeKey(a: Pick<Annotation, 'labelId' | 'geometry' | 'rle'>): ShapeKey {
  const g = a.geometry;
  return { labelId: a.labelId, box: g.kind === 'box' || g.kind === 'mask' ? g.box : null, rle: a.rle };
}

function overlap(a: ShapeKey, b: ShapeKey): number {
  if (a.rle && b.rle && a.rle.size[0] === b.rle.size[0] && a.rle.size[1] === b.rle.size[1])
    return rleIou(a.rle, b.rle);
  return a.box && b.box ? boxIou(a.box, b.box) : 0;
}

export function isDuplicate(p: ShapeKey, existing: readonly ShapeKey[], iou = DUPLICATE_IOU): boolean {
  return existing.some((e) => e.labelId === p.labelId && overlap(p, e) >= iou);
}

/** The proposals that repeat none of the annotations there; `skipped` counts the rest. */
export function withoutDuplicates<T>(
  proposals: readonly T[],
  keyOf: (p: T) => ShapeKey,
  there: readonly ShapeKey[],
): { fresh: T[]; skipped: number } {
  const fresh = proposals.filter((p) => !isDuplicate(keyOf(p), there));
  return { fresh, skipped: proposals.length - fresh.length };
}
