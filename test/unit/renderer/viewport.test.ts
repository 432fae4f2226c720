import { describe, expect, it } from 'vitest';
import { createMask, maskToRle } from '../../../shared/geometry';
import { decodeCropped } from '../../../renderer/src/canvas/mask-bitmap';
import {
  actualSizeView,
  fitView,
  MAX_SCALE,
  panBy,
  toImage,
  toScreen,
  wheelFactor,
  zoomAt,
} from '../../../renderer/src/canvas/viewport';

describe('viewport', () => {
  it.each([
    ['a wide image in a tall stage', 1280, 720, 500, 800, 468 / 1280],
    ['a tall image in a wide stage', 720, 1280, 1000, 600, 568 / 1280],
    ['a 4K image', 3840, 2160, 1032, 664, 1000 / 3840],
  ])('fits %s, centred', (_name, iw, ih, sw, sh, scale) => {
    const v = fitView(iw, ih, sw, sh);
    expect(v.scale).toBeCloseTo(scale, 9);
    const [cx, cy] = toScreen(v, [iw / 2, ih / 2]);
    expect(cx).toBeCloseTo(sw / 2, 9);
    expect(cy).toBeCloseTo(sh / 2, 9);
  });

  it('zooms about the cursor: the image point under it stays put', () => {
    const v = { scale: 0.5, x: 30, y: 12 };
    for (const factor of [1.25, 0.8, 7]) {
      const cursor: [number, number] = [310, 205];
      const before = toImage(v, cursor);
      const z = zoomAt(v, cursor, factor);
      const after = toImage(z, cursor);
      expect(after[0]).toBeCloseTo(before[0], 9);
      expect(after[1]).toBeCloseTo(before[1], 9);
    }
    expect(zoomAt(v, [0, 0], 1e9).scale).toBe(MAX_SCALE);
  });

  it('1:1 keeps the stage centre on the same image point; pan moves by screen pixels', () => {
    const v = { scale: 0.3, x: 40, y: 50 };
    const a = actualSizeView(v, 800, 600);
    expect(a.scale).toBe(1);
    expect(toImage(a, [400, 300])[0]).toBeCloseTo(toImage(v, [400, 300])[0], 9);
    expect(panBy(v, 5, -7)).toEqual({ scale: 0.3, x: 45, y: 43 });
  });

  it('turns a wheel notch into one zoom step either way, bounded for fast wheels', () => {
    expect(wheelFactor(-100)).toBeCloseTo(1.25, 9);
    expect(wheelFactor(100)).toBeCloseTo(0.8, 9);
    expect(wheelFactor(-10_000)).toBeCloseTo(1.25 ** 3, 9);
  });
});

describe('mask bitmaps', () => {
  it('decodes an RLE straight into its box, with runs that wrap columns', () => {
    const m = createMask(7, 5);
    const on: [number, number][] = [
      [2, 3],
      [2, 4],
      [3, 0],
      [3, 1],
      [5, 2],
    ];
    for (const [x, y] of on) m.data[y * 7 + x] = 1;
    const { box, mask } = decodeCropped(maskToRle(m));
    expect(box).toEqual([2, 0, 6, 5]);
    const got: [number, number][] = [];
    for (let y = 0; y < mask.height; y++)
      for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x]) got.push([x + 2, y]);
    expect(got.sort()).toEqual(on.sort());
  });

  it('gives an empty box for an empty mask', () => {
    const { box, mask } = decodeCropped(maskToRle(createMask(4, 4)));
    expect(box).toEqual([0, 0, 0, 0]);
    expect(mask.data.length).toBe(0);
  });
});
