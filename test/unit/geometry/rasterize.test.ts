import { describe, expect, it } from 'vitest';
import type { Point } from '../../../shared/domain';
import { pointInPolygon, rasterizePolygons, rasterizeRings } from '../../../shared/geometry';
import { maskToRows, prng } from '../../helpers/mask-fixtures';

const rect = (x1: number, y1: number, x2: number, y2: number): Point[] => [
  [x1, y1],
  [x2, y1],
  [x2, y2],
  [x1, y2],
];

describe('rasterize', () => {
  it.each([
    {
      name: 'a square covering three pixel centres',
      rings: [rect(0.4, 0.4, 2.6, 2.6)],
      rows: ['###.', '###.', '###.', '....'],
    },
    {
      name: 'a square covering one pixel centre',
      rings: [rect(0.6, 0.6, 2.4, 2.4)],
      rows: ['....', '.#..', '....', '....'],
    },
    {
      name: 'a square between pixel centres',
      rings: [rect(0.6, 0.6, 1.4, 1.4)],
      rows: ['....', '....', '....', '....'],
    },
    { name: 'pixel edges exactly', rings: [rect(1, 1, 3, 2)], rows: ['....', '.##.', '....', '....'] },
    {
      name: 'a polygon overhanging the image',
      rings: [rect(-5, 2, 9, 9)],
      rows: ['....', '....', '####', '####'],
    },
    {
      name: 'a triangle',
      rings: [
        [
          [0, 0],
          [4, 0],
          [0, 4],
        ] as Point[],
      ],
      rows: ['###.', '##..', '#...', '....'],
    },
    {
      name: 'a ring with a hole (even-odd)',
      rings: [rect(0, 0, 4, 4), rect(1, 1, 3, 3)],
      rows: ['####', '#..#', '#..#', '####'],
    },
    {
      name: 'a hole drawn the same way round',
      rings: [rect(0, 0, 4, 4), rect(1, 1, 3, 3).reverse()],
      rows: ['####', '#..#', '#..#', '####'],
    },
    {
      name: 'overlapping rings (even-odd cancels)',
      rings: [rect(0, 0, 3, 2), rect(1, 0, 4, 2)],
      rows: ['#..#', '#..#', '....', '....'],
    },
  ])('fills pixels whose centre is inside: $name', ({ rings, rows }) => {
    expect(maskToRows(rasterizeRings(rings, 4, 4))).toEqual(rows);
  });

  it('unites overlapping parts, each its outline minus its holes', () => {
    const parts = [
      { outer: rect(0, 0, 3, 4), holes: [rect(1, 1, 2, 3)] },
      { outer: rect(2, 0, 4, 2), holes: [] },
    ];
    expect(maskToRows(rasterizePolygons(parts, 4, 4))).toEqual(['####', '#.##', '#.#.', '###.']);
  });

  it('agrees with pointInPolygon at every pixel centre of random star polygons', () => {
    const rand = prng(13);
    for (let n = 0; n < 20; n++) {
      const ring: Point[] = Array.from({ length: 5 + Math.floor(rand() * 20) }, () => [
        rand() * 30 - 3,
        rand() * 20 - 3,
      ]);
      const mask = rasterizeRings([ring], 24, 14);
      for (let y = 0; y < 14; y++) {
        for (let x = 0; x < 24; x++) {
          expect(mask.data[y * 24 + x] === 1).toBe(pointInPolygon([x + 0.5, y + 0.5], [ring]));
        }
      }
    }
  });
});
