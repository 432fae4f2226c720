// What the API schema cannot check about an annotation (its kind against its geometry, its shape against the
// image), and its area in pixels, stored so exports and size filters need not decode anything. The rules and
// their sentences are shared/annotation-geometry.ts, which the canvas applies first; this is the last line, so
// nothing corrupt is saved.
import type { Box, Point } from '../../shared/domain';
import {
  geometryArea,
  insideImage,
  maskProblem,
  polygonShapeProblem,
  ringLengthProblem,
} from '../../shared/annotation-geometry';
import { StudioError } from '../../shared/errors';
import { rleToBox } from '../../shared/geometry';
import type { AnnotationFields } from './types';

const invalid = (message: string) => new StudioError('invalid_input', message);

/** [height, width] of the image the geometry lies on. */
export type ImageSize = readonly [height: number, width: number];

/** Every point is a pair of finite numbers inside the image (pixel-edge coordinates, so the far edge counts). */
export function requireInside(points: readonly Point[], [height, width]: ImageSize, what: string): void {
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw invalid(`The ${what} has a coordinate that is not a number.`);
    if (!insideImage([x, y], width, height))
      throw invalid(`The ${what} reaches outside the ${width}x${height} image, at (${x}, ${y}).`);
  }
}

/** A box with its corners in order, some width and height, inside the image. */
export function requireBox(box: Box, size: ImageSize, what = 'box'): void {
  const [x1, y1, x2, y2] = box;
  requireInside(
    [
      [x1, y1],
      [x2, y2],
    ],
    size,
    what,
  );
  if (x2 < x1 || y2 < y1)
    throw invalid(`A ${what} is [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2; got [${box.join(', ')}].`);
  if (x2 === x1 || y2 === y1) throw invalid(`The ${what} [${box.join(', ')}] has no area.`);
}

/** The annotation's area in pixels; throws invalid_input, with the reason, for an inconsistent annotation. */
export function annotationArea(
  { kind, geometry, rle }: Pick<AnnotationFields, 'kind' | 'geometry' | 'rle'>,
  size: ImageSize,
): number {
  if (geometry.kind !== kind) {
    throw invalid(`A ${kind} annotation cannot have ${geometry.kind} geometry.`);
  }
  if ((kind === 'mask') !== (rle !== null)) {
    throw invalid(
      kind === 'mask' ? 'A mask annotation needs its RLE.' : `A ${kind} annotation carries no RLE.`,
    );
  }
  switch (geometry.kind) {
    case 'point':
      requireInside([geometry.point], size, 'point');
      break;
    case 'box':
      requireBox(geometry.box, size);
      break;
    case 'polygon': {
      geometry.rings.forEach((ring, i) => {
        const short = ringLengthProblem(ring.length, i + 1);
        if (short) throw invalid(short);
        requireInside(ring, size, 'polygon');
      });
      const problem = polygonShapeProblem(geometry.rings);
      if (problem) throw invalid(problem);
      break;
    }
    case 'mask': {
      const [height, width] = size;
      const problem = maskProblem(rle!, width, height);
      if (problem) throw invalid(problem);
      const box = rleToBox(rle!);
      if (box.some((v, i) => v !== geometry.box[i])) {
        throw invalid(
          `The mask's box [${geometry.box.join(', ')}] does not match its pixels, which span [${box.join(', ')}].`,
        );
      }
      break;
    }
  }
  return geometryArea(geometry, rle);
}
