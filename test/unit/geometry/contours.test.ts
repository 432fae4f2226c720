import { describe, expect, it } from 'vitest';
import {
  createMask,
  maskToPolygons,
  polygonArea,
  rasterizePolygons,
  rasterizeRings,
  ringArea,
  type BinaryMask,
} from '../../../shared/geometry';
import { blobMask, maskFromRows, maskToRows, noiseMask, prng } from '../../helpers/mask-fixtures';

/**
 * Mask -> polygons -> mask must be exact, and each part on its own must rasterise to pixels no other part has:
 * a hole filed under the wrong part would fill pixels outside it and leave its own part's hole filled.
 */
function expectExactRoundTrip(mask: BinaryMask) {
  const parts = maskToPolygons(mask);
  expect(maskToRows(rasterizePolygons(parts, mask.width, mask.height))).toEqual(maskToRows(mask));
  const flat = parts.flatMap((p) => [p.outer, ...p.holes]);
  expect(rasterizeRings(flat, mask.width, mask.height)).toEqual(mask);
  const perPart = parts.map((p) =>
    rasterizePolygons([p], mask.width, mask.height).data.reduce((s, v) => s + v, 0),
  );
  const total = mask.data.reduce((s, v) => s + v, 0);
  expect(perPart.reduce((a, b) => a + b, 0)).toBe(total);
  expect(parts.reduce((s, p) => s + polygonArea(p), 0)).toBe(total);
  for (const { outer, holes } of parts) {
    expect(ringArea(outer)).toBeGreaterThan(0);
    for (const hole of holes) expect(ringArea(hole)).toBeLessThan(0);
  }
  return parts;
}

describe('maskToPolygons', () => {
  it.each([
    { name: 'empty', rows: ['...', '...'], holes: [] },
    { name: 'single pixel', rows: ['#'], holes: [0] },
    { name: 'full', rows: ['###', '###'], holes: [0] },
    { name: 'concave U', rows: ['#.#', '#.#', '###'], holes: [0] },
    { name: 'donut', rows: ['#####', '#...#', '#...#', '#...#', '#####'], holes: [1] },
    { name: 'two separate blobs', rows: ['##...', '##..#', '....#'], holes: [0, 0] },
    { name: 'diagonal-touching pixels (one part)', rows: ['#.', '.#'], holes: [0] },
    { name: 'anti-diagonal pixels (one part)', rows: ['.#', '#.'], holes: [0] },
    { name: 'hole touching its outline at a corner', rows: ['###', '#.#', '##.'], holes: [1] },
    { name: 'checkerboard', rows: ['#.#.', '.#.#', '#.#.', '.#.#'], holes: [2] },
    { name: 'diamond of four pixels around a hole', rows: ['.#.', '#.#', '.#.'], holes: [1] },
    {
      name: 'island in a hole',
      rows: ['#######', '#.....#', '#.###.#', '#.#.#.#', '#.###.#', '#.....#', '#######'],
      holes: [1, 1],
    },
    { name: 'two donuts on the same rows', rows: ['###.###', '#.#.#.#', '###.###'], holes: [1, 1] },
    { name: 'two holes in one part', rows: ['#####', '#.#.#', '#####'], holes: [2] },
    { name: 'part inside a part below another', rows: ['#..', '...', '###', '#.#', '###'], holes: [0, 1] },
  ])('keeps every part and hole: $name', ({ rows, holes }) => {
    const parts = expectExactRoundTrip(maskFromRows(rows));
    expect(parts.map((p) => p.holes.length)).toEqual(holes);
  });

  it('traces pixel edges, corners only, outline clockwise on screen and holes the other way', () => {
    expect(maskToPolygons(maskFromRows(['#####', '#...#', '#...#', '#...#', '#####']))).toEqual([
      {
        outer: [
          [0, 0],
          [5, 0],
          [5, 5],
          [0, 5],
        ],
        holes: [
          [
            [1, 4],
            [4, 4],
            [4, 1],
            [1, 1],
          ],
        ],
      },
    ]);
    expect(maskToPolygons(maskFromRows(['#.', '.#']))[0]!.outer).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 2],
      [1, 1],
      [0, 1],
    ]);
  });

  const rand = prng(5);
  it.each(
    [
      [1, 9],
      [9, 1],
      [8, 8],
      [23, 17],
      [40, 31],
    ].flatMap(([w, h]) => [0.1, 0.45, 0.55, 0.9].map((density) => ({ w: w!, h: h!, density }))),
  )('round-trips a random $w x $h mask at density $density exactly', ({ w, h, density }) => {
    expectExactRoundTrip(noiseMask(rand, w, h, density));
  });

  it('reads any non-zero byte as foreground', () => {
    const mask = noiseMask(prng(8), 12, 10, 0.5);
    const bytes = createMask(
      12,
      10,
      mask.data.map((v) => v * 255),
    );
    expect(maskToPolygons(bytes)).toEqual(maskToPolygons(mask));
  });

  it('round-trips segmenter-like blobs exactly', () => {
    const r = prng(9);
    for (let i = 0; i < 5; i++) expectExactRoundTrip(blobMask(r, 160, 90, 4));
  });
});
