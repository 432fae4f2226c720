// The classical engine end to end: real image files, the real OpenCV worker thread, masks checked against
// the shapes the test drew. Quality on real driving frames is in classical-quality.test.ts.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassicalSegmenter } from '../../../electron/inference/classical';
import type { EngineImage, SegmentPrompt, Segmenter } from '../../../electron/inference/segmenter';
import type { Box, Point } from '../../../shared/domain';
import { createMask, maskToRle, rleIou, rleToMask, type BinaryMask } from '../../../shared/geometry';
import { studioErrorOf } from '../../helpers/studio-error';
import { makeHugePng } from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

type Shape = (x: number, y: number) => boolean;

const cross =
  ([x1, y1, x2, y2]: Box): Shape =>
  (x, y) => {
    const [w, h] = [x2 - x1, y2 - y1];
    const inBox = x >= x1 && x < x2 && y >= y1 && y < y2;
    const inBar = (v: number, lo: number, size: number) => v >= lo + size / 3 && v < lo + (2 * size) / 3;
    return inBox && (inBar(x, x1, w) || inBar(y, y1, h));
  };

const disk =
  ([cx, cy]: Point, r: number): Shape =>
  (x, y) =>
    (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;

const square =
  ([x1, y1, x2, y2]: Box): Shape =>
  (x, y) =>
    x >= x1 && x < x2 && y >= y1 && y < y2;

function maskOf(width: number, height: number, ...shapes: Shape[]): BinaryMask {
  const mask = createMask(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (shapes.some((s) => s(x, y))) mask.data[y * width + x] = 1;
  }
  return mask;
}

/** A textured dark green background with the shapes in a brighter textured red (apart in grey too); PNG. */
async function scene(path: string, width: number, height: number, shapes: Shape[], orientation?: number) {
  const object = maskOf(width, height, ...shapes);
  const rgb = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let i = 0; i < width * height; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const grain = (seed % 31) - 15;
    const [r, g, b] = object.data[i] ? [230, 90, 90] : [40, 90, 40];
    rgb[i * 3] = r + grain;
    rgb[i * 3 + 1] = g + grain;
    rgb[i * 3 + 2] = b + grain;
  }
  let image = sharp(rgb, { raw: { width, height, channels: 3 } });
  if (orientation) image = image.withMetadata({ orientation });
  await image.png().toFile(path);
  return object;
}

const noOptions = { multimask: false };
const prompt = (p: Partial<SegmentPrompt>): SegmentPrompt => ({
  points: [],
  box: null,
  previous: null,
  ...p,
});
const iou = (rle: { size: [number, number]; counts: string }, mask: BinaryMask) =>
  rleIou(rle, maskToRle(mask));
const contains = (rle: { size: [number, number]; counts: string }, [x, y]: Point) => {
  const mask = rleToMask(rle);
  return mask.data[y * mask.width + x] === 1;
};

const codeOf = async (promise: Promise<unknown>) => (await studioErrorOf(promise)).code;

describe('classical engine', () => {
  const { dir, cleanup } = makeTempDir('vps-classical-');
  let engine: Segmenter;
  const W = 320;
  const H = 240;
  const crossBox: Box = [40, 40, 130, 130];
  const diskCentre: Point = [230, 80];
  let crossImage: EngineImage;
  let crossMask: BinaryMask;
  let diskMask: BinaryMask;

  beforeAll(async () => {
    engine = createClassicalSegmenter();
    const path = join(dir, 'cross.png');
    crossMask = maskOf(W, H, cross(crossBox));
    diskMask = maskOf(W, H, disk(diskCentre, 30));
    await scene(path, W, H, [cross(crossBox), disk(diskCentre, 30)]);
    crossImage = { sha256: 'cross', path, width: W, height: H };
  });
  afterAll(async () => {
    await engine.dispose();
    cleanup();
  });

  it('answers a box with the object inside it, not the box: a cross fills only 56 % of its box', async () => {
    const result = await engine.segment(crossImage, prompt({ box: crossBox }), noOptions);
    expect(result.modelId).toBe('classical-v1');
    expect(result.candidates).toHaveLength(1);
    const [candidate] = result.candidates;
    expect(iou(candidate!.rle, crossMask)).toBeGreaterThan(0.9);
    expect(candidate!.box).toEqual(crossBox);
    expect(candidate!.area).toBeGreaterThan(0.5 * 90 * 90);
    expect(result.next).toEqual([{ rle: candidate!.rle }]);
    expect(engine.engine).toBe('classical');
  });

  it('offers 3 ranked candidates when asked: the cut, the box shape, the filled box', async () => {
    const result = await engine.segment(crossImage, prompt({ box: crossBox }), { multimask: true });
    expect(result.candidates).toHaveLength(3);
    const [cut, shape, filled] = result.candidates;
    expect(iou(cut!.rle, crossMask)).toBeGreaterThan(0.9);
    expect(shape!.area).toBeGreaterThan(cut!.area);
    expect([filled!.area, filled!.box]).toEqual([90 * 90, crossBox]);
    expect(result.candidates.map((c) => c.score)).toEqual(
      [cut!.score, shape!.score, filled!.score].sort((a, b) => b - a),
    );
    expect(result.next.map((n) => n.rle)).toEqual(result.candidates.map((c) => c.rle));
  });

  it('offers the steadiest sizes around a click as candidates, each holding the click', async () => {
    const result = await engine.segment(
      crossImage,
      prompt({ points: [{ point: diskCentre, positive: true }] }),
      { multimask: true },
    );
    expect(result.candidates).toHaveLength(3);
    const scores = result.candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of result.candidates) expect(contains(c.rle, diskCentre)).toBe(true);
  });

  it('answers a single click with the region around it', async () => {
    const result = await engine.segment(
      crossImage,
      prompt({ points: [{ point: diskCentre, positive: true }] }),
      noOptions,
    );
    expect(iou(result.candidates[0]!.rle, diskMask)).toBeGreaterThan(0.8);
  });

  it('refines the previous mask with a background click', async () => {
    // Two red objects touching: a box around both takes both, a background click on one removes it.
    const path = join(dir, 'pair.png');
    const left = square([60, 80, 120, 140]);
    const right = square([120, 100, 170, 130]);
    await scene(path, W, H, [left, right]);
    const image = { sha256: 'pair', path, width: W, height: H };
    const box: Box = [60, 80, 170, 140];
    const first = await engine.segment(image, prompt({ box }), noOptions);
    expect(contains(first.candidates[0]!.rle, [150, 115])).toBe(true);
    const refined = await engine.segment(
      image,
      prompt({
        box,
        points: [
          { point: [90, 110], positive: true },
          { point: [150, 115], positive: false },
        ],
        previous: first.next[0]!,
      }),
      noOptions,
    );
    const mask = refined.candidates[0]!.rle;
    expect(contains(mask, [150, 115])).toBe(false);
    expect(contains(mask, [90, 110])).toBe(true);
    expect(iou(mask, maskOf(W, H, left))).toBeGreaterThan(iou(first.candidates[0]!.rle, maskOf(W, H, left)));
  });

  it('refines with a background click alone: the clicked pixel leaves the mask, the rest stays', async () => {
    const first = await engine.segment(crossImage, prompt({ box: crossBox }), noOptions);
    const refined = await engine.segment(
      crossImage,
      prompt({ points: [{ point: [85, 120], positive: false }], previous: first.next[0]! }),
      noOptions,
    );
    const mask = refined.candidates[0]!.rle;
    expect(contains(mask, [85, 120])).toBe(false);
    expect(contains(mask, [85, 85])).toBe(true);
    expect(refined.candidates[0]!.area).toBeGreaterThan(0.5 * first.candidates[0]!.area);
  });

  it('grows the previous mask by a foreground click outside it, and keeps it for one inside', async () => {
    const first = await engine.segment(crossImage, prompt({ box: crossBox }), noOptions);
    const inside = await engine.segment(
      crossImage,
      prompt({ points: [{ point: [85, 85], positive: true }], previous: first.next[0]! }),
      noOptions,
    );
    expect(inside.candidates[0]!.rle).toEqual(first.candidates[0]!.rle);
    const grown = await engine.segment(
      crossImage,
      prompt({ points: [{ point: diskCentre, positive: true }], previous: first.next[0]! }),
      noOptions,
    );
    const mask = grown.candidates[0]!.rle;
    expect(iou(mask, maskOf(W, H, cross(crossBox), disk(diskCentre, 30)))).toBeGreaterThan(0.8);
  });

  it('works in the displayed frame of an image with an EXIF orientation', async () => {
    // Stored 240 wide x 320 high with orientation 6 (turn 90° clockwise to display): displayed 320x240, where
    // the cross is, so the stored pixels are drawn through the inverse of that turn.
    const path = join(dir, 'turned.png');
    const shown = cross(crossBox);
    await scene(path, H, W, [(sx, sy) => shown(W - 1 - sy, sx)], 6);
    const image = { sha256: 'turned', path, width: W, height: H };
    const result = await engine.segment(image, prompt({ box: crossBox }), noOptions);
    expect(iou(result.candidates[0]!.rle, crossMask)).toBeGreaterThan(0.9);
  });

  it('keeps prepared pixels: segments after the file is gone', async () => {
    const path = join(dir, 'gone.png');
    await scene(path, W, H, [cross(crossBox)]);
    const image = { sha256: 'gone', path, width: W, height: H };
    await engine.prepare(image);
    await engine.prepare(image);
    rmSync(path);
    const result = await engine.segment(image, prompt({ box: crossBox }), noOptions);
    expect(iou(result.candidates[0]!.rle, crossMask)).toBeGreaterThan(0.9);
  });

  it('clips points outside the image and answers inside it', async () => {
    const result = await engine.segment(
      crossImage,
      prompt({ points: [{ point: [-40, 9000], positive: true }] }),
      noOptions,
    );
    const [x1, y1, x2, y2] = result.candidates[0]!.box;
    expect(result.candidates[0]!.area).toBeGreaterThan(0);
    expect([x1 >= 0, y1 >= 0, x2 <= W, y2 <= H]).toEqual([true, true, true, true]);
    expect(contains(result.candidates[0]!.rle, [0, H - 1])).toBe(true);
  });

  it('segments a 1x1 image', async () => {
    const path = join(dir, 'one.png');
    await sharp(Buffer.from([10, 20, 30]), { raw: { width: 1, height: 1, channels: 3 } })
      .png()
      .toFile(path);
    const image = { sha256: 'one', path, width: 1, height: 1 };
    for (const p of [
      prompt({ box: [0, 0, 1, 1] }),
      prompt({ points: [{ point: [0, 0], positive: true }] }),
    ]) {
      const result = await engine.segment(image, p, noOptions);
      expect(result.candidates[0]!.rle.size).toEqual([1, 1]);
      expect(result.candidates[0]!.area).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['16-bit PNG', (i: Sharp) => i.toColourspace('rgb16').png()],
    ['CMYK JPEG', (i: Sharp) => i.toColourspace('cmyk').jpeg({ quality: 95 })],
    ['greyscale PNG', (i: Sharp) => i.toColourspace('b-w').png()],
  ])('segments a %s as the studio shows it', async (name, encode) => {
    const png = join(dir, 'cross.png');
    const path = join(dir, `${name}.img`);
    await encode(sharp(png)).toFile(path);
    const image = { sha256: name, path, width: W, height: H };
    const result = await engine.segment(image, prompt({ box: crossBox }), noOptions);
    // Grey keeps the cross darker than the background, colour images keep it red: either way it stands out.
    expect(iou(result.candidates[0]!.rle, crossMask)).toBeGreaterThan(0.85);
  });

  it('refuses a 20000x20000 image before decoding it', async () => {
    const path = await makeHugePng(dir, 'huge.png', 20000, 20000);
    const image = { sha256: 'huge', path, width: 20000, height: 20000 };
    expect(await codeOf(engine.segment(image, prompt({ box: [0, 0, 10, 10] }), noOptions))).toBe(
      'image_too_large',
    );
  });

  it.each([
    ['an empty prompt', prompt({})],
    ['a zero-area box', prompt({ box: [50, 50, 50, 90] })],
    ['a box with swapped corners', prompt({ box: [130, 130, 40, 40] })],
    ['a box outside the image', prompt({ box: [400, 10, 500, 60] })],
    ['a box with NaN', prompt({ box: [0, 0, Number.NaN, 10] })],
    ['only background points', prompt({ points: [{ point: [10, 10], positive: false }] })],
    [
      'a previous mask of another size',
      prompt({ box: crossBox, previous: { rle: { size: [10, 10], counts: '0d1' } } }),
    ],
  ])('refuses %s as invalid input', async (_, bad) => {
    expect(await codeOf(engine.segment(crossImage, bad, noOptions))).toBe('invalid_input');
  });

  it('refuses an image whose pixels no longer match its recorded size', async () => {
    const image = { ...crossImage, sha256: 'resized', width: W + 1 };
    expect(await codeOf(engine.segment(image, prompt({ box: crossBox }), noOptions))).toBe('invalid_input');
  });

  it('reports an unreadable file with its own code', async () => {
    const path = join(dir, 'not-an-image.png');
    writeFileSync(path, 'hello');
    const image = { sha256: 'bad', path, width: 10, height: 10 };
    expect(await codeOf(engine.prepare(image))).toBe('unreadable_image');
  });

  it('answers a cancelled request with cancelled, before or while it runs', async () => {
    const before = new AbortController();
    before.abort();
    const p = prompt({ box: crossBox });
    expect(await codeOf(engine.segment(crossImage, p, { ...noOptions, signal: before.signal }))).toBe(
      'cancelled',
    );
    const during = new AbortController();
    const running = engine.segment({ ...crossImage, sha256: 'fresh' }, p, {
      ...noOptions,
      signal: during.signal,
    });
    during.abort();
    expect(await codeOf(running)).toBe('cancelled');
    // A burst cancelled while queued (a hover moving on) is skipped; the engine goes on answering.
    const burst = Array.from({ length: 5 }, () => new AbortController());
    const queued = burst.map((c) => engine.segment(crossImage, p, { ...noOptions, signal: c.signal }));
    burst.forEach((c) => c.abort());
    expect(await Promise.all(queued.map(codeOf))).toEqual(Array(5).fill('cancelled'));
    const answer = await engine.segment(crossImage, p, noOptions);
    expect(iou(answer.candidates[0]!.rle, crossMask)).toBeGreaterThan(0.9);
  });

  it('is usable again after dispose (a new worker starts)', async () => {
    const other = createClassicalSegmenter();
    await other.segment(crossImage, prompt({ box: crossBox }), noOptions);
    await other.dispose();
    const again = await other.segment(crossImage, prompt({ box: crossBox }), noOptions);
    expect(iou(again.candidates[0]!.rle, crossMask)).toBeGreaterThan(0.9);
    await other.dispose();
  });
});
