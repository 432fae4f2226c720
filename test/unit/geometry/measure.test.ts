import { describe, expect, it } from 'vitest';
import type { Box, Point } from '../../../shared/domain';
import {
  boxArea,
  boxFromPoints,
  boxToCocoBbox,
  clipBox,
  pointInMask,
  pointInPolygon,
  polygonArea,
  polygonProblem,
  ringArea,
} from '../../../shared/geometry';
import { maskFromRows } from '../../helpers/mask-fixtures';

const square = (x1: number, y1: number, x2: number, y2: number): Point[] => [
  [x1, y1],
  [x2, y1],
  [x2, y2],
  [x1, y2],
];

describe('measure', () => {
  it.each([
    { name: 'clockwise on screen', ring: square(0, 0, 4, 3), area: 12 },
    { name: 'counter-clockwise on screen', ring: square(0, 0, 4, 3).reverse(), area: -12 },
    {
      name: 'a triangle',
      ring: [
        [0, 0],
        [4, 0],
        [0, 2],
      ] as Point[],
      area: 4,
    },
    {
      name: 'fewer than 3 points',
      ring: [
        [1, 1],
        [5, 5],
      ] as Point[],
      area: 0,
    },
  ])('ringArea of $name is $area', ({ ring, area }) => {
    expect(ringArea(ring)).toBe(area);
  });

  it('polygonArea subtracts holes whatever their orientation', () => {
    expect(
      polygonArea({ outer: square(0, 0, 10, 10), holes: [square(1, 1, 3, 3), square(5, 5, 8, 6).reverse()] }),
    ).toBe(100 - 4 - 3);
    expect(polygonArea({ outer: square(0, 0, 10, 10).reverse(), holes: [] })).toBe(100);
  });

  it.each([
    {
      points: [
        [3, 4],
        [1, 7],
        [5, 2],
      ] as Point[],
      box: [1, 2, 5, 7],
    },
    { points: [[3, 4]] as Point[], box: [3, 4, 3, 4] },
    { points: [] as Point[], box: null },
  ])('boxFromPoints($points) is $box', ({ points, box }) => {
    expect(boxFromPoints(points)).toEqual(box);
  });

  it.each([
    { box: [1, 2, 5, 7], area: 20, clipped: [1, 2, 5, 7], coco: [1, 2, 4, 5] },
    { box: [5, 7, 1, 2], area: 0, clipped: [1, 2, 5, 7], coco: [5, 7, -4, -5] },
    { box: [-3, -1, 12, 4], area: 75, clipped: [0, 0, 10, 4], coco: [-3, -1, 15, 5] },
    { box: [11, 9, 14, 12], area: 9, clipped: [10, 8, 10, 8], coco: [11, 9, 3, 3] },
  ])('box $box: area $area, clipped to 10x8 $clipped, COCO $coco', ({ box, area, clipped, coco }) => {
    expect(boxArea(box as Box)).toBe(area);
    expect(clipBox(box as Box, 10, 8)).toEqual(clipped);
    expect(boxToCocoBbox(box as Box)).toEqual(coco);
  });

  it.each([
    { point: [1.5, 0.2], inside: true },
    { point: [1, 1], inside: false },
    { point: [2.99, 1.99], inside: true },
    { point: [3, 1], inside: false },
    { point: [-0.5, 0], inside: false },
    { point: [0, 2], inside: false },
  ])('pointInMask $point is $inside', ({ point, inside }) => {
    expect(pointInMask(maskFromRows(['.#.', '..#']), point as Point)).toBe(inside);
  });

  it.each([
    { point: [5, 5], inside: false },
    { point: [0.5, 0.5], inside: true },
    { point: [9.5, 5], inside: true },
    { point: [11, 5], inside: false },
    { point: [2.5, 2.5], inside: false },
  ])('pointInPolygon $point inside a square with a hole is $inside', ({ point, inside }) => {
    expect(pointInPolygon(point as Point, [square(0, 0, 10, 10), square(2, 2, 8, 8)])).toBe(inside);
  });

  it.each([
    { name: 'a square', rings: [square(0, 0, 4, 4)], problem: null },
    { name: 'a square with a hole', rings: [square(0, 0, 4, 4), square(1, 1, 2, 2)], problem: null },
    {
      name: 'a double-clicked point',
      rings: [
        [
          [0, 0],
          [4, 0],
          [4, 0],
          [4, 4],
        ],
      ],
      problem: null,
    },
    { name: 'rings touching at a corner', rings: [square(0, 0, 2, 2), square(2, 2, 4, 4)], problem: null },
    { name: 'no rings', rings: [], problem: /no outline/ },
    {
      name: 'two points',
      rings: [
        [
          [0, 0],
          [4, 4],
        ],
      ],
      problem: /The polygon needs at least 3 distinct points/,
    },
    {
      name: 'a point repeated',
      rings: [
        [
          [1, 1],
          [1, 1],
          [1, 1],
          [2, 2],
        ],
      ],
      problem: /at least 3 distinct points/,
    },
    {
      name: 'points on a line',
      rings: [
        [
          [0, 0],
          [1, 1],
          [3, 3],
        ],
      ],
      problem: /no area/,
    },
    {
      name: 'a bow tie',
      rings: [
        [
          [0, 0],
          [4, 4],
          [4, 0],
          [0, 4],
        ],
      ],
      problem: /crosses itself/,
    },
    {
      name: 'a spike folding back',
      rings: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [4, 2],
          [0, 4],
        ],
      ],
      problem: /crosses itself/,
    },
    {
      name: 'a hole crossing its outline',
      rings: [square(0, 0, 4, 4), square(3, 1, 6, 2)],
      problem: /crosses itself/,
    },
    {
      name: 'a figure eight whose loops cancel',
      rings: [
        [
          [0, 0],
          [2, 2],
          [4, 4],
          [4, 0],
          [2, 2],
          [0, 4],
        ],
      ],
      problem: /encloses no area/,
    },
    {
      name: 'a collapsed second ring',
      rings: [
        square(0, 0, 4, 4),
        [
          [1, 1],
          [2, 2],
        ],
      ],
      problem: /Ring 2 needs at least 3/,
    },
  ])('polygonProblem: $name', ({ rings, problem }) => {
    const found = polygonProblem(rings as Point[][]);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
