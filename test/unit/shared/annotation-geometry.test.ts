import { describe, expect, it } from 'vitest';
import {
  geometryArea,
  insideImage,
  maskProblem,
  polygonShapeProblem,
  ringLengthProblem,
} from '../../../shared/annotation-geometry';
import type { Geometry, Point, Rle } from '../../../shared/domain';
import { createMask, maskToRle } from '../../../shared/geometry';

const square = (x: number, y: number, s: number): Point[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

/** A width x height mask with `on` of its pixels set. */
function mask(width: number, height: number, on: number): Rle {
  const m = createMask(width, height);
  for (let x = 0; x < on; x++) m.data[x * height] = 1;
  return maskToRle(m);
}

describe('insideImage', () => {
  it.each<[Point, boolean]>([
    [[0, 0], true],
    [[16, 12], true],
    [[8.5, 3.25], true],
    [[-0.1, 3], false],
    [[16.1, 3], false],
    [[3, 12.5], false],
  ])('%j in a 16x12 image: %s', (point, inside) => {
    expect(insideImage(point, 16, 12)).toBe(inside);
  });
});

describe('geometryArea', () => {
  it.each<[string, Geometry, Rle | null, number]>([
    ['a point', { kind: 'point', point: [1, 2], positive: true }, null, 0],
    ['a box', { kind: 'box', box: [1, 1, 3.5, 2] }, null, 2.5],
    ['a square', { kind: 'polygon', rings: [square(0, 0, 10)] }, null, 100],
    ['a square with a hole', { kind: 'polygon', rings: [square(0, 0, 10), square(2, 2, 3)] }, null, 91],
    [
      'a hole larger than its outline',
      { kind: 'polygon', rings: [square(0, 0, 2), square(0, 0, 5)] },
      null,
      0,
    ],
    ['a polygon without rings', { kind: 'polygon', rings: [] }, null, 0],
    ['a mask, by its pixels', { kind: 'mask', box: [0, 0, 3, 1] }, mask(5, 4, 3), 3],
    ['a mask without its RLE', { kind: 'mask', box: [0, 0, 3, 1] }, null, 0],
  ])('of %s', (_, geometry, rle, area) => {
    expect(geometryArea(geometry, rle)).toBe(area);
  });
});

describe('shape problems', () => {
  it.each<[number, number | undefined, string | null]>([
    [3, undefined, null],
    [3, 2, null],
    [2, undefined, 'A polygon needs at least 3 points; this one has 2.'],
    [0, 1, 'Polygon ring 1 has 0 points; it needs at least 3.'],
  ])('a ring of %d points (ring %s)', (points, ring, problem) => {
    expect(ringLengthProblem(points, ring)).toBe(problem);
  });

  it.each<[string, Point[][], RegExp | null]>([
    ['a square', [square(0, 0, 4)], null],
    [
      'a bow tie',
      [
        [
          [0, 0],
          [4, 4],
          [4, 0],
          [0, 4],
        ],
      ],
      /crosses itself.*\.$/,
    ],
  ])('%s', (_, rings, problem) => {
    const found = polygonShapeProblem(rings);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeNull();
  });

  it.each<[string, Rle, string | null]>([
    ['a mask of its image', mask(5, 4, 2), null],
    ['a mask of another size', mask(4, 5, 2), 'The mask is 4x5 pixels but its image is 5x4.'],
    ['an empty mask', mask(5, 4, 0), 'The mask is empty: it covers no pixel.'],
  ])('%s', (_, rle, problem) => {
    expect(maskProblem(rle, 5, 4)).toBe(problem);
  });
});
