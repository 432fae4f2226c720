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
