import { describe, expect, it } from 'vitest';
import { annotationArea } from '../../../electron/store/annotation-geometry';
import type { Geometry, Point, Rle } from '../../../shared/domain';
import { studioError } from './store-fixtures';

const SIZE = [12, 16] as const; // height x width
const MASK_SIZE = [3, 4] as const; // the pycocotools check mask's image

const square = (x: number, y: number, s: number): Point[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

const polygon = (...rings: Point[][]): Geometry => ({ kind: 'polygon', rings });

describe('annotation area', () => {
  it.each<[string, Geometry, number]>([
    ['a point', { kind: 'point', point: [1, 2], positive: false }, 0],
    ['a point on the far edge', { kind: 'point', point: [16, 12], positive: true }, 0],
    ['a box', { kind: 'box', box: [1, 1, 3.5, 2] }, 2.5],
    ['a box as large as the image', { kind: 'box', box: [0, 0, 16, 12] }, 192],
    [
      'a triangle',
      polygon([
        [0, 0],
        [4, 0],
        [0, 3],
      ]),
      6,
    ],
    ['a counter-clockwise square', polygon(square(0, 0, 10).reverse()), 100],
    ['a square with a hole', polygon(square(0, 0, 10), square(2, 2, 3)), 91],
  ])('of %s', (_, geometry, area) => {
    expect(annotationArea({ kind: geometry.kind, geometry, rle: null }, SIZE)).toBe(area);
  });

  it('of a mask (pycocotools check value)', () => {
    const rle: Rle = { size: [3, 4], counts: '521O2' };
    expect(
      annotationArea({ kind: 'mask', geometry: { kind: 'mask', box: [1, 0, 3, 3] }, rle }, MASK_SIZE),
    ).toBe(3);
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
    ['a box without width', 'box', { kind: 'box', box: [1, 1, 1, 2] }, null, /has no area/],
    ['a box reaching outside', 'box', { kind: 'box', box: [1, 1, 17, 2] }, null, /outside the 16x12 image/],
    [
      'a point outside the image',
      'point',
      { kind: 'point', point: [-1, 2], positive: true },
      null,
      /outside the 16x12 image, at \(-1, 2\)/,
    ],
    [
      'a ring of two points',
      'polygon',
      polygon([
        [0, 0],
        [1, 1],
      ]),
      null,
      /ring 1 has 2 points/,
    ],
    [
      'a polygon crossing itself',
      'polygon',
      polygon([
        [0, 0],
        [4, 4],
        [4, 0],
        [0, 4],
      ]),
      null,
      /crosses itself/,
    ],
    [
      'a polygon on one line',
      'polygon',
      polygon([
        [0, 0],
        [2, 2],
        [4, 4],
      ]),
      null,
      /no area/,
    ],
    [
      'a hole larger than its outline',
      'polygon',
      polygon(square(0, 0, 1), square(0, 0, 5)),
      null,
      /crosses itself/,
    ],
    ['a polygon reaching outside', 'polygon', polygon(square(10, 10, 5)), null, /outside/],
    [
      'a coordinate that is NaN',
      'point',
      { kind: 'point', point: [NaN, 0], positive: true },
      null,
      /not a number/,
    ],
  ])('refuses %s', (_, kind, geometry, rle, message) => {
    expect(studioError(() => annotationArea({ kind, geometry, rle }, SIZE), 'invalid_input').message).toMatch(
      message,
    );
  });

  it.each<[string, Geometry, Rle, RegExp]>([
    [
      'a mask of another size',
      { kind: 'mask', box: [0, 0, 2, 2] },
      { size: [2, 2], counts: '04' },
      /2x2 pixels but its image is 4x3/,
    ],
    [
      'RLE runs that do not cover the mask',
      { kind: 'mask', box: [0, 0, 1, 1] },
      { size: [3, 4], counts: '04' },
      /cover/,
    ],
    ['an empty mask', { kind: 'mask', box: [0, 0, 0, 0] }, { size: [3, 4], counts: '<' }, /empty/],
    [
      'a mask whose box is not its pixels',
      { kind: 'mask', box: [0, 0, 3, 3] },
      { size: [3, 4], counts: '521O2' },
      /box \[0, 0, 3, 3\] does not match its pixels, which span \[1, 0, 3, 3\]/,
    ],
  ])('refuses %s', (_, geometry, rle, message) => {
    expect(
      studioError(() => annotationArea({ kind: 'mask', geometry, rle }, MASK_SIZE), 'invalid_input').message,
    ).toMatch(message);
  });
});
