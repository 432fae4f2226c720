// Box and area of an object's shape, the same way for every writer.
import type { Annotation, Box } from '../domain';
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

/** The shape of a stored annotation (points are not exported and have none). */
export function annotationShape(a: Pick<Annotation, 'geometry' | 'rle'>): ObjectShape {
  const g = a.geometry;
  if (g.kind === 'polygon') return { kind: 'polygon', rings: g.rings };
  if (g.kind === 'mask') return { kind: 'mask', rle: a.rle! };
  if (g.kind === 'box') return { kind: 'box', box: g.box };
  throw new Error('a point annotation has no dataset shape');
}

/**
 * A short fingerprint of a shape (two 32-bit FNV-1a lanes over its JSON, in hex): whether a shape is still the one
 * imported, without keeping a copy of it.
 */
export function shapeKey(shape: ObjectShape): string {
  const text = JSON.stringify(shape);
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x0100019d) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
