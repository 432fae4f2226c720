// The ground-truth mask of one annotation, as an evaluation scores against it: a mask as stored, a polygon
// rasterised on the image's grid; a box or a point has no mask to measure, and a mask of another size than its
// image cannot be compared pixel for pixel. Both are problems the experiment counts, not errors.
import type { Annotation, Box, Rle } from '../domain';
import { maskToRle, rasterizeRings, rleArea, rleToBox } from '../geometry';
import { filledBoxRle } from './baselines';

export type TruthMask = { rle: Rle; area: number } | { problem: string };

export function truthMask(
  annotation: Pick<Annotation, 'kind' | 'geometry' | 'rle'>,
  width: number,
  height: number,
): TruthMask {
  const { geometry } = annotation;
  let rle: Rle;
  if (geometry.kind === 'mask' && annotation.rle) {
    const [h, w] = annotation.rle.size;
    if (h !== height || w !== width)
      return { problem: `truth mask is ${w}x${h}, its image ${width}x${height}` };
    rle = annotation.rle;
  } else if (geometry.kind === 'polygon') {
    rle = maskToRle(rasterizeRings(geometry.rings, width, height));
  } else {
    return { problem: `truth is a ${geometry.kind}, not a mask` };
  }
  const area = rleArea(rle);
  return area > 0 ? { rle, area } : { problem: 'truth mask is empty' };
}

/**
 * Any annotation's region as COCOeval compares it: its box, and its pixels (a box annotation's pixels are the
 * box filled, as the COCO export writes boxes as 4-corner polygons); null for a point.
 */
export function annotationRegion(
  annotation: Pick<Annotation, 'kind' | 'geometry' | 'rle'>,
  width: number,
  height: number,
): { box: Box; rle: Rle; area: number } | null {
  const { geometry } = annotation;
  let rle: Rle;
  if (geometry.kind === 'mask' && annotation.rle) rle = annotation.rle;
  else if (geometry.kind === 'polygon') rle = maskToRle(rasterizeRings(geometry.rings, width, height));
  else if (geometry.kind === 'box') rle = filledBoxRle(geometry.box, width, height);
  else return null;
  const box: Box = geometry.kind === 'box' ? geometry.box : rleToBox(rle);
  return { box, rle, area: rleArea(rle) };
}
