import { existsSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cropImage,
  cropSha256,
  promptInCrop,
  rleIntoImage,
  viewCrop,
  viewCropCache,
} from '../../../electron/segment/view-crop';
import type { Box, PromptInput } from '../../../shared/domain';
import { createMask, maskToRle, pasteMask, rleToMask } from '../../../shared/geometry';
import { makeImage, readPixel } from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

const click = (x: number, y: number): PromptInput => ({
  points: [{ point: [x, y], positive: true }],
  box: null,
});

describe('viewCrop', () => {
  it.each<[string, Box, PromptInput, Box | null]>([
    ['rounds the view outwards', [100.4, 50.6, 300.2, 200.9], click(200, 100), [100, 50, 301, 201]],
    ['clips it to the image', [-20, -10, 300, 200], click(50, 50), [0, 0, 300, 200]],
    ['orders reversed corners', [300, 200, 100, 50], click(200, 100), [100, 50, 300, 200]],
    [
      'grows it to hold a point outside, with a margin',
      [100, 50, 300, 200],
      click(400, 100),
      [100, 50, 416, 200],
    ],
    [
      'grows it to hold the box',
      [100, 50, 300, 200],
      { points: [], box: [90, 60, 320, 250] },
      [74, 44, 336, 266],
    ],
    ['widens a sliver to the minimum side', [200, 100, 210, 300], click(205, 150), [173, 100, 237, 300]],
    ['keeps a widened sliver inside the image', [0, 100, 4, 300], click(2, 150), [0, 100, 64, 300]],
    ['is null for the whole image', [0, 0, 1920, 1080], click(10, 10), null],
    [
      'is null when the prompt needs the whole image',
      [100, 100, 200, 200],
      { points: [], box: [0, 0, 1920, 1080] },
      null,
    ],
  ])('%s', (_, view, prompt, expected) => {
    expect(viewCrop(view, prompt, 1920, 1080)).toEqual(expected);
  });
});

describe('promptInCrop', () => {
  it('moves points and box by the crop corner', () => {
    expect(
      promptInCrop(
        { points: [{ point: [150, 70], positive: false }], box: [110, 60, 200, 90] },
        [100, 50, 300, 200],
      ),
    ).toEqual({ points: [{ point: [50, 20], positive: false }], box: [10, 10, 100, 40] });
  });
});

describe('rleIntoImage', () => {
  // The reference: decode, paste into a full-size bitmap, encode.
  const viaBitmap = (crop: ReturnType<typeof createMask>, at: Box, width: number, height: number) =>
    maskToRle(pasteMask(createMask(width, height), crop, at[0], at[1]));

  function randomMask(width: number, height: number, seed: number, density: number) {
    const m = createMask(width, height);
    let s = seed;
    for (let i = 0; i < m.data.length; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      m.data[i] = s / 2 ** 31 < density ? 1 : 0;
    }
    return m;
  }

  it.each<[string, Box, number, number, number]>([
    ['an inner crop', [30, 20, 70, 45], 100, 80, 0.5],
    ['a crop at the top-left corner', [0, 0, 40, 30], 100, 80, 0.3],
    ['a crop at the bottom-right corner', [60, 50, 100, 80], 100, 80, 0.7],
    ['a crop spanning the full height (runs join across columns)', [10, 0, 30, 80], 100, 80, 0.9],
    ['a full crop', [0, 0, 100, 80], 100, 80, 0.5],
    ['a one-pixel crop', [5, 7, 6, 8], 100, 80, 1],
  ])('places %s as pasting its bitmap would', (_, crop, width, height, density) => {
    const mask = randomMask(crop[2] - crop[0], crop[3] - crop[1], crop[0] * 31 + crop[1], density);
    expect(rleIntoImage(maskToRle(mask), crop, width, height)).toEqual(viaBitmap(mask, crop, width, height));
  });

  it('places full and empty crop masks', () => {
    const crop: Box = [10, 5, 50, 25];
    const full = createMask(40, 20);
    full.data.fill(1);
    expect(rleIntoImage(maskToRle(full), crop, 64, 48)).toEqual(viaBitmap(full, crop, 64, 48));
    const empty = createMask(40, 20);
    expect(rleToMask(rleIntoImage(maskToRle(empty), crop, 64, 48)).data.every((v) => v === 0)).toBe(true);
  });

  it('refuses an RLE of another size than the crop', () => {
    expect(() => rleIntoImage(maskToRle(createMask(10, 10)), [0, 0, 20, 10], 64, 48)).toThrow(/size/);
  });
});

describe('cropImage', () => {
  const tmp = makeTempDir('vps-view-crop-');
  afterAll(() => tmp.cleanup());
  const cache = viewCropCache(`${tmp.dir}/cache`);
  /** A textured PNG and the engine image for it, its hash made of `digit`. */
  const texturedImage = async (name: string, width: number, height: number, digit: string) => {
    const path = await makeImage(tmp.dir, name, { width, height, format: 'png', texture: true });
    return { sha256: digit.repeat(64), path, width, height };
  };

  it('cuts the region from the oriented image once, keyed by the image hash and the crop', async () => {
    const image = await texturedImage('frame.png', 300, 200, 'c');
    const { path } = image;
    const crop: Box = [120, 40, 220, 140];
    const seen = await cropImage(image, crop, cache);
    expect(seen).toMatchObject({ sha256: cropSha256(image.sha256, crop), width: 100, height: 100 });
    expect(seen.sha256).not.toBe(cropSha256(image.sha256, [120, 40, 220, 141]));
    expect(existsSync(seen.path)).toBe(true);
    expect(await sharp(seen.path).metadata()).toMatchObject({ width: 100, height: 100 });
    for (const [x, y] of [
      [0, 0],
      [57, 33],
      [99, 99],
    ] as const)
      expect(await readPixel(seen.path, x, y)).toEqual(await readPixel(path, x + 120, y + 40));
    expect((await cropImage(image, crop, cache)).path).toBe(seen.path);
  });

  it('crops in the frame as shown: EXIF orientation applied first', async () => {
    // Stored 200x100 with its top-left quadrant white; orientation 6 shows it turned clockwise, 100x200, with
    // the white quadrant at the top right.
    const path = await makeImage(tmp.dir, 'turned.jpg', {
      width: 200,
      height: 100,
      format: 'jpeg',
      orientation: 6,
      pattern: 'quadrant',
    });
    const image = { sha256: 'd'.repeat(64), path, width: 100, height: 200 };
    const right = await cropImage(image, [50, 0, 100, 100], cache);
    const left = await cropImage(image, [0, 0, 50, 100], cache);
    expect((await readPixel(right.path, 25, 50)).every((v) => v > 240)).toBe(true);
    expect((await readPixel(left.path, 25, 50)).every((v) => v < 140)).toBe(true);
  });

  it('keeps the crops within the disk budget: the least recently used go, one asked for again is cut again', async () => {
    const image = await texturedImage('budget.png', 400, 300, 'e');
    const crops: Box[] = [0, 1, 2, 3].map((i) => [i * 80, 0, i * 80 + 120, 120]);
    // Measure one crop's size to set a budget of about two and a half crops.
    const sizing = await cropImage(image, crops[0]!, viewCropCache(`${tmp.dir}/sizing`));
    const budget = viewCropCache(`${tmp.dir}/budget`, (statSync(sizing.path).size * 2.5) / (1024 * 1024));
    const first = await cropImage(image, crops[0]!, budget);
    const second = await cropImage(image, crops[1]!, budget);
    await cropImage(image, crops[0]!, budget); // a use: the first is now more recent than the second
    const third = await cropImage(image, crops[2]!, budget);
    expect([existsSync(first.path), existsSync(second.path), existsSync(third.path)]).toEqual([
      true,
      false,
      true,
    ]);
    const fourth = await cropImage(image, crops[3]!, budget);
    expect([existsSync(first.path), existsSync(third.path), existsSync(fourth.path)]).toEqual([
      false,
      true,
      true,
    ]);
    // The evicted crop is cut again when a click needs it, with the same content.
    const again = await cropImage(image, crops[1]!, budget);
    expect(again.path).toBe(second.path);
    expect(existsSync(again.path)).toBe(true);
    expect(await readPixel(again.path, 10, 10)).toEqual(await readPixel(image.path, 90, 10));
  });
});
