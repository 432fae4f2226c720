import { describe, expect, it } from 'vitest';
import type { Point } from '../../../shared/domain';
import { maskToPolygons, rasterizePolygons, simplifyPolygons, simplifyRing } from '../../../shared/geometry';
import { blobMask, maskFromRows, prng } from '../../helpers/mask-fixtures';

function segmentDistance([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Every dropped point lies within tolerance of the kept edge that replaced it. */
function expectWithinTolerance(ring: Point[], kept: Point[], tolerance: number) {
  const index = kept.map((p) => ring.indexOf(p));
  expect(index.every((i, k) => k === 0 || i > index[k - 1]!)).toBe(true);
  index.forEach((from, k) => {
    const to = index[(k + 1) % index.length]!;
    for (let i = from + 1; i !== (to === 0 ? ring.length : to); i++) {
      expect(segmentDistance(ring[i]!, kept[k]!, kept[(k + 1) % kept.length]!)).toBeLessThanOrEqual(
        tolerance + 1e-9,
      );
    }
  });
}

describe('simplify', () => {
  const circle: Point[] = Array.from({ length: 200 }, (_, i) => [
    50 + 40 * Math.cos((i * Math.PI) / 100),
    50 + 40 * Math.sin((i * Math.PI) / 100),
  ]);

  it.each([0.1, 0.5, 2, 10])('keeps a circle within tolerance %s with fewer points', (tolerance) => {
    const kept = simplifyRing(circle, tolerance)!;
    expect(kept.length).toBeLessThan(circle.length);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expectWithinTolerance(circle, kept, tolerance);
  });

  it('with tolerance 0 drops only points on a straight line', () => {
    const ring: Point[] = [
      [0, 0],
      [1, 0],
      [2, 0],
      [2, 2],
      [1, 2],
      [0, 2],
      [0, 1],
    ];
    expect(simplifyRing(ring, 0)).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });

  it.each([
    {
      name: 'a tiny square, huge tolerance',
      ring: [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      tolerance: 100,
      points: 3,
    },
    {
      name: 'a thin sliver, huge tolerance',
      ring: [
        [0, 0],
        [50, 0.1],
        [100, 0],
        [50, 0.2],
      ],
      tolerance: 5,
      points: 3,
    },
    {
      name: 'a triangle',
      ring: [
        [0, 0],
        [4, 0],
        [0, 3],
      ],
      tolerance: 10,
      points: 3,
    },
    {
      name: 'collinear points',
      ring: [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      tolerance: 0.5,
      points: null,
    },
    {
      name: 'two points',
      ring: [
        [0, 0],
        [1, 1],
      ],
      tolerance: 0,
      points: null,
    },
    {
      name: 'one point repeated',
      ring: [
        [2, 2],
        [2, 2],
        [2, 2],
      ],
      tolerance: 0,
      points: null,
    },
  ])('never keeps fewer than 3 points, drops rings that collapse: $name', ({ ring, tolerance, points }) => {
    expect(simplifyRing(ring as Point[], tolerance)?.length ?? null).toBe(points);
  });

  it('drops a collapsed part with its holes, and a collapsed hole alone', () => {
    const line: Point[] = [
      [0, 0],
      [5, 0],
      [9, 0],
    ];
    const square: Point[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(
      simplifyPolygons(
        [
          { outer: line, holes: [square] },
          { outer: square, holes: [line, square] },
        ],
        1,
      ),
    ).toEqual([{ outer: square, holes: [square] }]);
  });

  it('keeps blob contours close to the mask: a 1-pixel tolerance changes few pixels', () => {
    const mask = blobMask(prng(21), 320, 180, 4);
    const parts = maskToPolygons(mask);
    const simple = simplifyPolygons(parts, 1);
    const points = (ps: typeof parts) => ps.reduce((s, p) => s + p.outer.length + p.holes.flat().length, 0);
    expect(points(simple)).toBeLessThan(points(parts) / 2);
    const back = rasterizePolygons(simple, mask.width, mask.height);
    const changed = back.data.reduce((s, v, i) => s + (v !== mask.data[i] ? 1 : 0), 0);
    expect(changed / mask.data.reduce((s, v) => s + v, 0)).toBeLessThan(0.05);
  });

  it('simplifies the staircase of diagonal pixels to its corners', () => {
    const [part] = maskToPolygons(maskFromRows(['#...', '##..', '###.', '####']));
    expect(simplifyRing(part!.outer, 1)).toEqual([
      [0, 0],
      [4, 4],
      [0, 4],
    ]);
  });
});
