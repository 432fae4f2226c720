// Box and area of an object's shape, the same way for every writer.
import type { Box } from '../domain';
import { boxArea, boxFromPoints, polygonArea, rleArea, rleToBox } from '../geometry';
import type { ObjectShape } from './records';

export function shapeBox(shape: ObjectShape): Box {
  switch (shape.kind) {
    case 'box':
      return shape.box;
    case 'polygon':
      return boxFromPoints(shape.rings.flat()) ?? [0, 0, 0, 0];
    case 'mask':
      return rleToBox(shape.rle);
  }
}

/**
 * The box as BDD100K and KITTI write it: a mask's corners are inclusive pixel indices (x2 = its last column);
 * boxes and polygons are continuous coordinates and stay as they are, so their round trips are exact.
 */
export function labelBox(shape: ObjectShape): Box {
  const box = shapeBox(shape);
  return shape.kind === 'mask' ? [box[0], box[1], box[2] - 1, box[3] - 1] : box;
}

/** Pixels for masks, shoelace area (outline minus holes) for polygons, width x height for boxes. */
export function shapeArea(shape: ObjectShape): number {
  switch (shape.kind) {
    case 'box':
      return boxArea(shape.box);
    case 'polygon': {
      const [outer = [], ...holes] = shape.rings;
      return Math.max(0, polygonArea({ outer, holes }));
    }
    case 'mask':
      return rleArea(shape.rle);
  }
}
