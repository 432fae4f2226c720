import { describe, expect, it } from 'vitest';
import type { Rle } from '../../../shared/domain';
import { scaleBetween, scaleBox, scalePoint, scaleRle } from '../../../shared/endpoints/scale-mask';
import { createMask, type BinaryMask } from '../../../shared/geometry/mask';
import { maskToRle, rleToMask } from '../../../shared/geometry/rle';
import { blobMask, prng } from '../../helpers/mask-fixtures';

/** The pixel definition scaleRle must match: each output pixel takes the source pixel under its centre. */
function scaleMask(mask: BinaryMask, width: number, height: number): BinaryMask {
  const out = createMask(width, height);
  if (mask.width === 0 || mask.height === 0) return out;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((2 * y + 1) * mask.height) / (2 * height)));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((2 * x + 1) * mask.width) / (2 * width)));
      out.data[y * width + x] = mask.data[sy * mask.width + sx]!;
    }
  }
  return out;
}
const scaled = (mask: BinaryMask, width: number, height: number) =>
  rleToMask(scaleRle(maskToRle(mask), width, height));

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

describe('scaleRle on pixels', () => {
  it('doubles each pixel when scaling 2x up', () => {
    expect(show(scaled(grid(['#.', '.#']), 4, 4))).toEqual(['##..', '##..', '..##', '..##']);
  });

  it('takes the pixel under each output centre when scaling down', () => {
    expect(show(scaled(grid(['##..', '##..', '..##', '..##']), 2, 2))).toEqual(['#.', '.#']);
  });

  it('handles non-integer ratios (3 -> 5 columns)', () => {
    expect(show(scaled(grid(['#.#']), 5, 1))).toEqual(['##.##']);
  });

  it('returns the same RLE when the size already matches, an empty one for an empty source', () => {
    const rle = maskToRle(grid(['#.']));
    expect(scaleRle(rle, 2, 1)).toBe(rle);
    expect(rleToMask(scaleRle(maskToRle(createMask(0, 0)), 3, 2)).data.every((v) => v === 0)).toBe(true);
  });

  it('keeps the area proportional on a large upscale (1024x576 -> 1280x720)', () => {
    const small = createMask(1024, 576);
    for (let y = 100; y < 300; y++) small.data.fill(1, y * 1024 + 200, y * 1024 + 600);
    const big = scaled(small, 1280, 720);
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

describe('scaleRle: scaleMask on the runs', () => {
  const viaPixels = (rle: Rle, w: number, h: number) => maskToRle(scaleMask(rleToMask(rle), w, h));
  const rand = prng(7);

  it.each([
    [1024, 576, 1280, 720],
    [1280, 720, 1024, 576],
    [640, 360, 1280, 720],
    [300, 200, 301, 199],
    [97, 61, 40, 250],
  ])('matches decoding, scaling and encoding: %dx%d -> %dx%d', (w, h, W, H) => {
    for (let i = 0; i < 4; i++) {
      const rle = maskToRle(blobMask(rand, w, h, 1 + (i % 4)));
      expect(scaleRle(rle, W, H)).toEqual(viaPixels(rle, W, H));
    }
  });

  it.each([
    ['empty', (w: number, h: number) => createMask(w, h)],
    ['full', (w: number, h: number) => createMask(w, h, new Uint8Array(w * h).fill(1))],
    [
      'one pixel at the bottom of a column (runs crossing columns)',
      (w: number, h: number) => {
        const m = createMask(w, h);
        m.data[(h - 1) * w + 2] = 1;
        m.data[3] = 1;
        return m;
      },
    ],
  ])('handles a %s mask', (_, make) => {
    const rle = maskToRle(make(7, 5));
    for (const [W, H] of [
      [14, 10],
      [3, 2],
      [7, 5],
      [1, 1],
    ] as const)
      expect(scaleRle(rle, W, H)).toEqual(viaPixels(rle, W, H));
  });
});
