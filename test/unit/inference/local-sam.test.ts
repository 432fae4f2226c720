// The 'sam-onnx' engine end to end with the test encoder/decoder of test/helpers/sam-test-models.ts, whose
// answers are known: preprocessing (both variants), coordinate mapping, padding point, box corners,
// refinement, ranking, postprocessing back to original pixels (incl. EXIF rotation), caching, cancellation.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../../electron/inference/local-sam';
import { MANIFEST, modelEntry, type ModelEntry } from '../../../electron/inference/models/manifest';
import type { EngineImage, SegmentPrompt, Segmenter } from '../../../electron/inference/segmenter';
import type { Box } from '../../../shared/domain';
import { rleArea, rleIou, rleToBox, rleToMask } from '../../../shared/geometry/rle';
import { makeImage, type Rgb } from '../../helpers/images';
import {
  SAM_DECODER,
  SAM_MEAN,
  SAM_STD,
  samTestEncoder,
  writeSamTestModels,
} from '../../helpers/sam-test-models';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir('vps-sam-');
afterAll(() => tmp.cleanup());
const MOBILE_SAM = modelEntry(MANIFEST, 'mobile-sam');
const models = {
  hwc: writeSamTestModels(join(tmp.dir, 'hwc'), MOBILE_SAM, 'sam-hwc-in-graph'),
  nchw: writeSamTestModels(join(tmp.dir, 'nchw'), MOBILE_SAM, 'sam-nchw-1024'),
  lowRes: writeSamTestModels(join(tmp.dir, 'low-res'), MOBILE_SAM, 'sam-hwc-in-graph', 'low-res'),
};
const dirOf = { hwc: 'hwc', nchw: 'nchw', lowRes: 'low-res' } as const;

const engines: Segmenter[] = [];
afterAll(async () => Promise.all(engines.map((e) => e.dispose())));
let cacheDirs = 0;

function engine(
  kind: keyof typeof models,
  options: { cache?: EmbeddingCache; maxMegapixels?: number } = {},
): { sam: Segmenter; cache: EmbeddingCache } {
  const cache =
    options.cache ?? new EmbeddingCache({ maxMemoryMB: 64, dir: join(tmp.dir, `cache-${cacheDirs++}`) });
  const sam = createLocalSamSegmenter({
    entry: models[kind],
    modelDir: join(tmp.dir, dirOf[kind]),
    cache,
    maxMegapixels: options.maxMegapixels,
    encoderThreads: 1,
  });
  engines.push(sam);
  return { sam, cache };
}

async function engineImage(path: string): Promise<EngineImage> {
  const meta = await sharp(path).metadata();
  const turned = (meta.orientation ?? 1) >= 5;
  return {
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    path,
    width: turned ? meta.height! : meta.width!,
    height: turned ? meta.width! : meta.height!,
  };
}

const COLOUR: Rgb = [200, 100, 50];
let landscape: EngineImage; // 1280x720 solid COLOUR
let portrait: EngineImage; // stored 1280x720 with a white top-left quadrant, EXIF 6: shown 720x1280
beforeAll(async () => {
  landscape = await engineImage(
    await makeImage(tmp.dir, 'land.png', { width: 1280, height: 720, format: 'png', color: COLOUR }),
  );
  portrait = await engineImage(
    await makeImage(tmp.dir, 'portrait.jpg', {
      width: 1280,
      height: 720,
      format: 'jpeg',
      pattern: 'quadrant',
      orientation: 6,
    }),
  );
});

const norm = (v: number, c: number) => (v - SAM_MEAN[c]!) / SAM_STD[c]!;
/** Embedding value of channel k at 64x64 cell (row, col). */
const cell = (data: Float32Array, k: number, row: number, col: number) => data[k * 4096 + row * 64 + col]!;
const mean = (data: Float32Array) => data.reduce((a, b) => a + b, 0) / data.length;
const point = (x: number, y: number, positive = true) => ({ point: [x, y] as [number, number], positive });
const prompt = (p: Partial<SegmentPrompt>): SegmentPrompt => ({
  points: [],
  box: null,
  previous: null,
  ...p,
});

/**
 * The test decoder's disc answer in original pixels: pixel centres within radius2 (1024-frame) of a click,
 * minus pixels within the negative radius of a negative click; `undecided` counts pixels within 1 unit of an
 * edge, where float32 rounding may go either way.
 */
function expectedDisc(
  width: number,
  height: number,
  clicks: { point: [number, number]; positive: boolean }[],
  radius2: number,
) {
  const s = 1024 / Math.max(width, height);
  const [sx, sy] = [Math.round(width * s) / width, Math.round(height * s) / height];
  const on = new Uint8Array(width * height);
  const sure = new Uint8Array(width * height);
  const scaled = clicks.map((c) => ({ x: c.point[0] * sx, y: c.point[1] * sy, positive: c.positive }));
  const negR2 = SAM_DECODER.negativeRadius ** 2;
  for (let y = 0, i = 0; y < height; y++)
    for (let x = 0; x < width; x++, i++) {
      let [pos, neg] = [Infinity, Infinity];
      for (const c of scaled) {
        const d2 = ((x + 0.5) * s - c.x) ** 2 + ((y + 0.5) * s - c.y) ** 2;
        if (c.positive) pos = Math.min(pos, d2);
        else neg = Math.min(neg, d2);
      }
      on[i] = Math.min(radius2 - pos, neg - negR2) > 0 ? 1 : 0;
      sure[i] = Math.abs(radius2 - pos) > 1 && Math.abs(neg - negR2) > 1 ? 1 : 0;
    }
  return { on, sure };
}

function expectMaskMatches(
  rle: { size: [number, number]; counts: string },
  expected: ReturnType<typeof expectedDisc>,
) {
  const got = rleToMask(rle).data;
  let wrong = 0;
  for (let i = 0; i < got.length; i++) if (expected.sure[i] && got[i] !== expected.on[i]) wrong++;
  expect(wrong).toBe(0);
  expect(expected.on.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}

describe('preprocessing', () => {
  it.each(['hwc', 'nchw'] as const)(
    '%s: resized to 1024 on the long side, normalised, zero-padded right and bottom',
    async (kind) => {
      const { sam, cache } = engine(kind);
      await sam.prepare(landscape);
      const e = cache.peek({ imageSha256: landscape.sha256, modelId: 'mobile-sam' })!;
      expect(e.shape).toEqual([1, 256, 64, 64]);
      expect(e.inputSize).toEqual([576, 1024]);
      const data = e.data as Float32Array;
      for (const k of [0, 1, 2, 255]) {
        const c = k % 3;
        expect(cell(data, k, 0, 0)).toBeCloseTo(norm(COLOUR[c]!, c), 4);
        expect(cell(data, k, 35, 63)).toBeCloseTo(norm(COLOUR[c]!, c), 4); // 576 / 16 = 36 rows of image
        expect(cell(data, k, 36, 0)).toBe(0);
        expect(cell(data, k, 63, 63)).toBe(0);
      }
    },
  );

  it('applies the EXIF orientation: the stored top-left quadrant shows top-right in a 576x1024 frame', async () => {
    const { sam, cache } = engine('nchw');
    await sam.prepare(portrait);
    expect([portrait.width, portrait.height]).toEqual([720, 1280]);
    const e = cache.peek({ imageSha256: portrait.sha256, modelId: 'mobile-sam' })!;
    expect(e.inputSize).toEqual([1024, 576]);
    const data = e.data as Float32Array;
    // White x in [360, 720) -> resized [288, 576) -> cells 18..35; y in [0, 640) -> cells 0..31.
    expect(cell(data, 0, 10, 27)).toBeCloseTo(norm(255, 0), 1);
    expect(cell(data, 0, 10, 5)).toBeCloseTo(norm(128, 0), 1);
    expect(cell(data, 0, 40, 27)).toBeCloseTo(norm(128, 0), 1);
    expect(cell(data, 0, 10, 40)).toBe(0);
  });

  it('decodes grayscale, 16-bit and CMYK images to RGB', async () => {
    const grey = Buffer.alloc(64 * 48 * 3, 128);
    const raw = { raw: { width: 64, height: 48, channels: 3 as const } };
    const files = {
      'grey.png': sharp(grey, raw).toColourspace('b-w').png(),
      'deep.png': sharp(grey, raw).toColourspace('rgb16').png(),
      'cmyk.jpg': sharp(grey, raw).toColourspace('cmyk').jpeg(),
    };
    const { sam, cache } = engine('hwc');
    for (const [name, image] of Object.entries(files)) {
      const path = join(tmp.dir, name);
      await image.toFile(path);
      const img = await engineImage(path);
      await sam.prepare(img);
      const data = cache.peek({ imageSha256: img.sha256, modelId: 'mobile-sam' })!.data as Float32Array;
      // Back to 0..255: grey stays grey (CMYK goes through colour profiles, so only roughly 128).
      const [r, g, b] = [0, 1, 2].map((c) => cell(data, c, 10, 10) * SAM_STD[c]! + SAM_MEAN[c]!) as Rgb;
      expect(Math.max(Math.abs(g - r), Math.abs(b - r)), name).toBeLessThan(3);
      expect(r, name).toBeCloseTo(128, name === 'cmyk.jpg' ? -1.5 : 0);
    }
  });
});

describe('prompts and masks in original pixels', () => {
  it('a lone click: three candidates from the multimask tokens, ranked by score, padding point sent', async () => {
    const { sam, cache } = engine('hwc');
    const result = await sam.segment(landscape, prompt({ points: [point(640, 360)] }), { multimask: true });
    const embeddingMean = mean(
      cache.peek({ imageSha256: landscape.sha256, modelId: 'mobile-sam' })!.data as Float32Array,
    );
    // Tokens by score: 2 (0.9), 3 (0.8), 1 (0.7); +0.01 for the one padding point.
    expect(result.candidates.map((c) => c.score)).toEqual(
      [2, 3, 1].map((t) => expect.closeTo(SAM_DECODER.scores[t]! + 0.01 + 0.001 * embeddingMean, 5)),
    );
    [2, 3, 1].forEach((t, i) => {
      const c = result.candidates[i]!;
      expect(c.rle.size).toEqual([720, 1280]);
      expectMaskMatches(c.rle, expectedDisc(1280, 720, [point(640, 360)], SAM_DECODER.radii[t]! ** 2));
      expect(c.area).toBe(rleArea(c.rle));
      expect(c.box).toEqual(rleToBox(c.rle));
      // Radius 40 / 60 / 20 in the 1024 frame is 50 / 75 / 25 original pixels.
      const r = SAM_DECODER.radii[t]! / 0.8;
      expect(c.box).toEqual([640 - r, 360 - r, 640 + r, 360 + r]);
    });
    expect(result.next).toHaveLength(3);
    expect(result.modelId).toBe('mobile-sam');
  });

  it('one candidate asked: a lone click takes the best multimask token, more points the single-mask token', async () => {
    const { sam } = engine('hwc');
    const one = await sam.segment(landscape, prompt({ points: [point(300, 200)] }), { multimask: false });
    expect(one.candidates).toHaveLength(1);
    expectMaskMatches(one.candidates[0]!.rle, expectedDisc(1280, 720, [point(300, 200)], 40 ** 2));
    const clicks = [point(300, 200), point(700, 500)];
    const two = await sam.segment(landscape, prompt({ points: clicks }), { multimask: false });
    expect(two.candidates).toHaveLength(1);
    expectMaskMatches(two.candidates[0]!.rle, expectedDisc(1280, 720, clicks, 50 ** 2));
  });

  it('a negative click carves its surroundings out of the mask', async () => {
    const { sam } = engine('hwc');
    const clicks = [point(640, 360), point(680, 360, false)];
    const result = await sam.segment(landscape, prompt({ points: clicks }), { multimask: false });
    expectMaskMatches(result.candidates[0]!.rle, expectedDisc(1280, 720, clicks, 50 ** 2));
    const mask = rleToMask(result.candidates[0]!.rle).data;
    expect(mask[360 * 1280 + 680]).toBe(0);
    expect(mask[360 * 1280 + 600]).toBe(1);
  });

  it('a box goes as corners labelled 2 and 3 without a padding point, ordered and clipped', async () => {
    const { sam, cache } = engine('nchw');
    const embeddingMean = async () => {
      await sam.prepare(landscape);
      return mean(cache.peek({ imageSha256: landscape.sha256, modelId: 'mobile-sam' })!.data as Float32Array);
    };
    const m = await embeddingMean();
    for (const [box, expected] of [
      [
        [100, 100, 400, 300],
        [100, 100, 400, 300],
      ],
      [
        [400, 300, 100, 100],
        [100, 100, 400, 300],
      ],
      [
        [1000, -50, 1400, 200],
        [1000, 0, 1280, 200],
      ],
    ] as [Box, Box][]) {
      const result = await sam.segment(landscape, prompt({ box }), { multimask: false });
      const c = result.candidates[0]!;
      expect(c.box).toEqual(expected);
      expect(c.area).toBe((expected[2] - expected[0]) * (expected[3] - expected[1]));
      // Token 0 (a box is not ambiguous), and no +0.01: no padding point.
      expect(c.score).toBeCloseTo(SAM_DECODER.scores[0] + 0.001 * m, 5);
    }
  });

  it('clips clicks outside the image to its edge', async () => {
    const { sam } = engine('hwc');
    const result = await sam.segment(landscape, prompt({ points: [point(-50, 5000)] }), { multimask: false });
    expectMaskMatches(result.candidates[0]!.rle, expectedDisc(1280, 720, [point(0, 720)], 40 ** 2));
    expect(result.candidates[0]!.box).toEqual([0, 720 - 50, 50, 720]);
  });

  it('answers in the displayed frame of an EXIF-rotated portrait image', async () => {
    const { sam } = engine('hwc');
    const result = await sam.segment(portrait, prompt({ points: [point(600, 200)] }), { multimask: false });
    const c = result.candidates[0]!;
    expect(c.rle.size).toEqual([1280, 720]);
    expectMaskMatches(c.rle, expectedDisc(720, 1280, [point(600, 200)], 40 ** 2));
  });

  it('refines: the chosen candidate low-res logits go back as mask_input and grow the disc by their maximum', async () => {
    const { sam } = engine('hwc');
    const click = [point(640, 360)];
    const first = await sam.segment(landscape, prompt({ points: click }), { multimask: true });
    const previous = first.next[1]!; // the second-ranked candidate: token 3, radius 60
    expect(previous.lowRes).toHaveLength(256 * 256);
    const lowResMax = previous.lowRes!.reduce((a, b) => Math.max(a, b), -Infinity);
    // Its low-res logits are 60^2 - d2 on the 256 grid: the maximum is near 3600 at the click.
    expect(lowResMax).toBeGreaterThan(3590);
    expect(lowResMax).toBeLessThanOrEqual(3600);
    const refined = await sam.segment(landscape, prompt({ points: click, previous }), { multimask: false });
    expectMaskMatches(refined.candidates[0]!.rle, expectedDisc(1280, 720, click, 40 ** 2 + lowResMax));
    const without = await sam.segment(landscape, prompt({ points: click }), { multimask: false });
    expect(refined.candidates[0]!.area).toBeGreaterThan(without.candidates[0]!.area * 1.9);
  });

  it('upscales low-res masks as SAM does when the graph stops at 256x256', async () => {
    const { sam: full } = engine('hwc');
    const { sam: low } = engine('lowRes');
    for (const p of [
      prompt({ points: [point(640, 360)] }),
      prompt({ box: [100, 100, 400, 300] }),
      prompt({ points: [point(1200, 80)] }),
    ]) {
      const a = (await full.segment(landscape, p, { multimask: true })).candidates;
      const b = (await low.segment(landscape, p, { multimask: true })).candidates;
      expect(b.map((c) => c.score)).toEqual(a.map((c) => c.score));
      a.forEach((c, i) => {
        expect(b[i]!.rle.size).toEqual([720, 1280]);
        expect(rleIou(c.rle, b[i]!.rle)).toBeGreaterThan(0.97);
        b[i]!.box.forEach((v, j) => expect(Math.abs(v - c.box[j]!)).toBeLessThanOrEqual(2));
      });
    }
  });
});

describe('bad input', () => {
  it.each([
    ['an empty prompt', prompt({})],
    ['a zero-area box', prompt({ box: [100, 100, 100, 300] })],
    ['a box outside the image', prompt({ box: [1300, 10, 1400, 100] })],
    ['a non-finite point', prompt({ points: [point(NaN, 3)] })],
    [
      'a previous mask of the wrong size',
      prompt({ points: [point(3, 3)], previous: { lowRes: new Float32Array(10) } }),
    ],
  ])('refuses %s with invalid_input', async (_, p) => {
    const { sam } = engine('hwc');
    await expect(sam.segment(landscape, p, { multimask: false })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('segments a 1x1 image', async () => {
    const img = await engineImage(
      await makeImage(tmp.dir, 'dot.png', { width: 1, height: 1, format: 'png' }),
    );
    const { sam } = engine('nchw');
    const result = await sam.segment(img, prompt({ points: [point(0.5, 0.5)] }), { multimask: false });
    expect(result.candidates[0]).toMatchObject({ rle: { size: [1, 1] }, area: 1, box: [0, 0, 1, 1] });
  });

  it('refuses a 20000x20000 image by its header, before decoding a pixel', async () => {
    // A real PNG header with a token of pixel data: decoding it would need 1.2 GB, refusing it needs none.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(20000, 0);
    header.writeUInt32BE(20000, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    const path = join(tmp.dir, 'huge.png');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(Buffer.alloc(1000))),
        chunk('IEND', Buffer.alloc(0)),
      ]),
    );
    const { sam } = engine('hwc');
    const huge = { sha256: 'e'.repeat(64), path, width: 20000, height: 20000 };
    await expect(sam.prepare(huge)).rejects.toMatchObject({ code: 'image_too_large' });
    await expect(
      sam.segment(huge, prompt({ points: [point(10, 10)] }), { multimask: false }),
    ).rejects.toMatchObject({ code: 'image_too_large' });
  });

  it('refuses an image over a lower megapixel limit', async () => {
    const { sam } = engine('hwc', { maxMegapixels: 0.5 });
    await expect(sam.prepare(landscape)).rejects.toMatchObject({ code: 'image_too_large' });
  });

  it('says which file is missing', () => {
    expect(() =>
      createLocalSamSegmenter({
        entry: models.hwc,
        modelDir: join(tmp.dir, 'nowhere'),
        cache: new EmbeddingCache({ maxMemoryMB: 1, dir: null }),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'model_missing',
        message: expect.stringContaining('mobile_sam.encoder.onnx'),
      }),
    );
  });

  it.each([
    [
      'a corrupt encoder',
      (dir: string, entry: ModelEntry) => writeFileSync(join(dir, entry.files[0]!.file), 'garbage'),
      /could not be loaded/,
    ],
    [
      'an encoder of the other layout',
      (dir: string, entry: ModelEntry) =>
        writeFileSync(join(dir, entry.files[0]!.file), samTestEncoder('sam-nchw-1024')),
      /input 'input_image' has shape \[1, 3, 1024, 1024\], expected \[H, W, 3\]/,
    ],
    [
      'a decoder with other tensors',
      (dir: string, entry: ModelEntry) =>
        writeFileSync(join(dir, entry.files[1]!.file), samTestEncoder('sam-hwc-in-graph')),
      /no input 'point_coords'/,
    ],
  ])('refuses %s with model_invalid naming the problem', async (_, spoil, message) => {
    const dir = join(tmp.dir, `spoilt-${cacheDirs++}`);
    const entry = writeSamTestModels(dir, MOBILE_SAM, 'sam-hwc-in-graph');
    spoil(dir, entry);
    const sam = createLocalSamSegmenter({
      entry,
      modelDir: dir,
      cache: new EmbeddingCache({ maxMemoryMB: 64, dir: null }),
    });
    engines.push(sam);
    // prepare() loads both models, so it reports the problem before the first click; so does a click.
    for (const attempt of [
      () => sam.prepare(landscape),
      () => sam.segment(landscape, prompt({ points: [point(5, 5)] }), { multimask: false }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'model_invalid', message: expect.stringMatching(message) });
    }
  });
});

describe('caching and cancellation', () => {
  it('encodes once: the second prepare hits memory, a new engine on the same folder hits disk', async () => {
    const dir = join(tmp.dir, 'shared-cache');
    const first = engine('hwc', { cache: new EmbeddingCache({ maxMemoryMB: 64, dir }) });
    await first.sam.prepare(landscape);
    await first.sam.prepare(landscape);
    expect(first.cache.stats()).toMatchObject({ misses: 1, memoryHits: 1, diskHits: 0 });
    expect(existsSync(join(dir, 'mobile-sam', `${landscape.sha256}.emb`))).toBe(true);

    const second = engine('hwc', { cache: new EmbeddingCache({ maxMemoryMB: 64, dir }) });
    const result = await second.sam.segment(landscape, prompt({ points: [point(640, 360)] }), {
      multimask: false,
    });
    expect(second.cache.stats()).toMatchObject({ misses: 0, diskHits: 1 });
    expectMaskMatches(result.candidates[0]!.rle, expectedDisc(1280, 720, [point(640, 360)], 40 ** 2));
  });

  it('concurrent prepares of one image share one encoding', async () => {
    const { sam, cache } = engine('nchw');
    await Promise.all([sam.prepare(landscape), sam.prepare(landscape), sam.prepare(landscape)]);
    expect(cache.stats().misses).toBe(1);
  });

  it('a click with an aborted signal is cancelled; timings come from the given clock', async () => {
    let clock = 0;
    const sam = createLocalSamSegmenter({
      entry: models.hwc,
      modelDir: join(tmp.dir, 'hwc'),
      cache: new EmbeddingCache({ maxMemoryMB: 64, dir: null }),
      now: () => (clock += 5),
    });
    engines.push(sam);
    const click = prompt({ points: [point(10, 10)] });
    await expect(
      sam.segment(landscape, click, { multimask: false, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    clock = 0;
    const result = await sam.segment(landscape, click, { multimask: false });
    expect(result.timings).toEqual({ prepareMs: 5, segmentMs: 5 });
  });

  it('an aborted signal cancels before any work', async () => {
    const { sam, cache } = engine('hwc');
    await expect(sam.prepare(landscape, AbortSignal.abort())).rejects.toMatchObject({ code: 'cancelled' });
    expect(cache.stats().misses).toBe(0);
  });

  it('cancelling the only waiter before the encoder runs drops the work; the next prepare starts afresh', async () => {
    const { sam, cache } = engine('nchw');
    const controller = new AbortController();
    const pending = sam.prepare(landscape, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    // Let the dropped job settle: it stops at its next check, before decoding.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cache.peek({ imageSha256: landscape.sha256, modelId: 'mobile-sam' })).toBeNull();
    await sam.prepare(landscape);
    expect(cache.peek({ imageSha256: landscape.sha256, modelId: 'mobile-sam' })).not.toBeNull();
    expect(cache.stats().misses).toBe(2);
  });

  it('cancelling one of two waiters leaves the other its answer', async () => {
    const { sam, cache } = engine('hwc');
    const controller = new AbortController();
    const cancelled = sam.prepare(landscape, controller.signal);
    const kept = sam.prepare(landscape);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    await expect(kept).resolves.toBeUndefined();
    expect(cache.stats().misses).toBe(1);
  });
});
