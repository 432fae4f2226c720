import { describe, expect, it } from 'vitest';
import { scaleBetween, scaleBox, scaleMask, scalePoint } from '../../../shared/endpoints/scale-mask';
import { createMask } from '../../../shared/geometry/mask';

const grid = (rows: string[]) =>
  createMask(
    rows[0]!.length,
    rows.length,
    Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0)),
  );
const show = (m: { width: number; data: Uint8Array }) =>
  Array.from({ length: m.data.length / m.width }, (_, y) =>
    Array.from(m.data.subarray(y * m.width, (y + 1) * m.width), (v) => (v ? '#' : '.')).join(''),
  );

describe('scaleMask', () => {
  it('doubles each pixel when scaling 2x up', () => {
    expect(show(scaleMask(grid(['#.', '.#']), 4, 4))).toEqual(['##..', '##..', '..##', '..##']);
  });

  it('takes the pixel under each output centre when scaling down', () => {
    expect(show(scaleMask(grid(['##..', '##..', '..##', '..##']), 2, 2))).toEqual(['#.', '.#']);
  });

  it('handles non-integer ratios (3 -> 5 columns)', () => {
    expect(show(scaleMask(grid(['#.#']), 5, 1))).toEqual(['##.##']);
  });

  it('returns the same mask when the size already matches, an empty one for an empty source', () => {
    const m = grid(['#.']);
    expect(scaleMask(m, 2, 1)).toBe(m);
    expect(scaleMask(createMask(0, 0), 3, 2).data.every((v) => v === 0)).toBe(true);
  });

  it('keeps the area proportional on a large upscale (1024x576 -> 1280x720)', () => {
    const small = createMask(1024, 576);
    for (let y = 100; y < 300; y++) small.data.fill(1, y * 1024 + 200, y * 1024 + 600);
    const big = scaleMask(small, 1280, 720);
    const area = big.data.reduce((a, v) => a + v, 0);
    expect(area).toBe(250 * 500);
  });
});

describe('frame scaling of prompts', () => {
  it('maps points and boxes between the original and the sent image', () => {
    const s = scaleBetween({ width: 1280, height: 720 }, { width: 1024, height: 576 });
    expect(scalePoint([640, 360], s)).toEqual([512, 288]);
    expect(scaleBox([0, 0, 1280, 720], s)).toEqual([0, 0, 1024, 576]);
  });
});
