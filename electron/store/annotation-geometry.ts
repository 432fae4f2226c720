// What the API schema cannot check about an annotation (its kind against its geometry, a mask against the
// image), and its area in pixels, stored so exports and size filters need not decode anything.
import type { Point } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { boxArea, polygonArea, rleArea } from '../../shared/geometry';
import type { AnnotationFields } from './types';

const invalid = (message: string) => new StudioError('invalid_input', message);

function requireFinite(points: readonly Point[], what: string): void {
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw invalid(`The ${what} has a coordinate that is not a number.`);
  }
}

/** The annotation's area in pixels; throws invalid_input, with the reason, for an inconsistent annotation. */
export function annotationArea(
  { kind, geometry, rle }: Pick<AnnotationFields, 'kind' | 'geometry' | 'rle'>,
  [height, width]: readonly [height: number, width: number],
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
      requireFinite([geometry.point], 'point');
      return 0;
    case 'box': {
      const [x1, y1, x2, y2] = geometry.box;
      requireFinite(
        [
          [x1, y1],
          [x2, y2],
        ],
        'box',
      );
      if (x2 < x1 || y2 < y1)
        throw invalid(
          `A box is [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2; got [${geometry.box.join(', ')}].`,
        );
      return boxArea(geometry.box);
    }
    case 'polygon': {
      geometry.rings.forEach((ring, i) => {
        if (ring.length < 3)
          throw invalid(`Polygon ring ${i + 1} has ${ring.length} points; it needs at least 3.`);
        requireFinite(ring, 'polygon');
      });
      const [outer, ...holes] = geometry.rings;
      // Holes larger than the outline are a drawing mistake, not a negative area.
      return Math.max(0, polygonArea({ outer: outer!, holes }));
    }
    case 'mask': {
      const [h, w] = rle!.size;
      if (h !== height || w !== width) {
        throw invalid(`The mask is ${w}x${h} pixels but its image is ${width}x${height}.`);
      }
      return rleArea(rle!);
    }
  }
}
