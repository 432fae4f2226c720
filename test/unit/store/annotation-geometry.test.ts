import { describe, expect, it } from 'vitest';
import { annotationArea } from '../../../electron/store/annotation-geometry';
import type { Geometry, Rle } from '../../../shared/domain';
import { studioError } from './store-fixtures';

const SIZE = [3, 4] as const; // height x width

const square = (x: number, y: number, s: number): [number, number][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

describe('annotation area', () => {
  it.each<[string, Geometry, Rle | null, number]>([
    ['a point', { kind: 'point', point: [1, 2], positive: false }, null, 0],
    ['a box', { kind: 'box', box: [1, 1, 3.5, 2] }, null, 2.5],
    ['an empty box', { kind: 'box', box: [1, 1, 1, 2] }, null, 0],
    [
      'a triangle',
      {
        kind: 'polygon',
        rings: [
          [
            [0, 0],
            [4, 0],
            [0, 3],
          ],
        ],
      },
      null,
      6,
    ],
    ['a counter-clockwise square', { kind: 'polygon', rings: [square(0, 0, 10).reverse()] }, null, 100],
    ['a square with a hole', { kind: 'polygon', rings: [square(0, 0, 10), square(2, 2, 3)] }, null, 91],
    [
      'a hole larger than its outline',
      { kind: 'polygon', rings: [square(0, 0, 1), square(0, 0, 5)] },
      null,
      0,
    ],
    [
      'a mask (pycocotools check value)',
      { kind: 'mask', box: [1, 0, 3, 3] },
      { size: [3, 4], counts: '521O2' },
      3,
    ],
  ])('of %s', (_, geometry, rle, area) => {
    expect(annotationArea({ kind: geometry.kind, geometry, rle }, SIZE)).toBe(area);
  });

  it.each<[string, Geometry['kind'], Geometry, Rle | null, RegExp]>([
    [
      'kind and geometry disagree',
      'box',
      { kind: 'point', point: [0, 0], positive: true },
      null,
      /box annotation cannot have point/,
    ],
    ['a mask without RLE', 'mask', { kind: 'mask', box: [0, 0, 1, 1] }, null, /needs its RLE/],
    [
      'a box with an RLE',
      'box',
      { kind: 'box', box: [0, 0, 1, 1] },
      { size: [3, 4], counts: '<' },
      /carries no RLE/,
    ],
    ['a box with corners swapped', 'box', { kind: 'box', box: [3, 0, 1, 1] }, null, /x1 <= x2/],
    [
      'a ring of two points',
      'polygon',
      {
        kind: 'polygon',
        rings: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      },
      null,
      /ring 1 has 2 points/,
    ],
    [
      'a coordinate that is NaN',
      'point',
      { kind: 'point', point: [NaN, 0], positive: true },
      null,
      /not a number/,
    ],
    [
      'a mask of another size',
      'mask',
      { kind: 'mask', box: [0, 0, 1, 1] },
      { size: [2, 2], counts: '04' },
      /2x2 pixels but its image is 4x3/,
    ],
    [
      'RLE runs that do not cover the mask',
      'mask',
      { kind: 'mask', box: [0, 0, 1, 1] },
      { size: [3, 4], counts: '04' },
      /cover/,
    ],
  ])('refuses %s', (_, kind, geometry, rle, message) => {
    expect(studioError(() => annotationArea({ kind, geometry, rle }, SIZE), 'invalid_input').message).toMatch(
      message,
    );
  });
});
