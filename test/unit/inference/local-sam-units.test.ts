// The pure parts of the 'sam-onnx' engine, table-driven, and its encoder worker with a test encoder.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncoderWorker } from '../../../electron/inference/local-sam/encoder-worker';
import {
  chooseTokens,
  samCandidates,
  thresholdLogits,
  upscaleLowRes,
} from '../../../electron/inference/local-sam/masks';
import { encoderInput } from '../../../electron/inference/local-sam/preprocess';
import { decoderPrompt, maskInput, samFrame } from '../../../electron/inference/local-sam/prompt';
import { MANIFEST, modelEntry, modelFile } from '../../../electron/inference/models/manifest';
import { createMask } from '../../../shared/geometry/mask';
import { maskToRle, rleArea, rleToBox, rleToMask } from '../../../shared/geometry/rle';
import { writeSamTestModels } from '../../helpers/sam-test-models';
import { makeTempDir } from '../../helpers/temp-dir';

describe('samFrame: longest side 1024, rounded as SAM', () => {
  it.each([
    [1280, 720, 1024, 576],
    [720, 1280, 576, 1024],
    [1, 1, 1024, 1024],
    [1000, 333, 1024, 341], // 333 * 1.024 = 340.99
    [4000, 3, 1024, 1], // 0.768 rounds up to 1
    [1024, 1024, 1024, 1024],
  ])('%dx%d -> %dx%d', (w, h, rw, rh) => {
    expect(samFrame(w, h)).toEqual({ width: w, height: h, resizedWidth: rw, resizedHeight: rh });
  });

  it.each([
    [0, 5],
    [2.5, 4],
  ])('refuses %sx%s', (w, h) => {
    expect(() => samFrame(w, h)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});

describe('decoderPrompt', () => {
  const frame = samFrame(1280, 720); // scale 0.8 both ways
  const p = (x: number, y: number, positive = true) => ({ point: [x, y] as [number, number], positive });
  it.each([
    ['one click + padding point', [p(100, 50)], null, [80, 40, 0, 0], [1, -1], true],
    [
      'clicks keep their labels',
      [p(100, 50), p(10, 10, false)],
      null,
      [80, 40, 8, 8, 0, 0],
      [1, 0, -1],
      false,
    ],
    ['a box: corners 2 and 3, no padding', [], [10, 20, 30, 40], [8, 16, 24, 32], [2, 3], false],
    ['points then box', [p(100, 50)], [10, 20, 30, 40], [80, 40, 8, 16, 24, 32], [1, 2, 3], false],
    ['a reversed box is ordered', [], [30, 40, 10, 20], [8, 16, 24, 32], [2, 3], false],
    ['outside points are clipped', [p(-5, 900)], null, [0, 576, 0, 0], [1, -1], true],
  ] as const)('%s', (_, points, box, coords, labels, singlePoint) => {
    const out = decoderPrompt({ points: [...points], box: box ? [...box] : null, previous: null }, frame);
    expect(Array.from(out.coords)).toEqual(coords.map((v) => expect.closeTo(v, 4)));
    expect(Array.from(out.labels)).toEqual(labels);
    expect(out.count).toBe(labels.length);
    expect(out.singlePoint).toBe(singlePoint);
  });

  it('feeds zeros and has_mask_input 0 without a previous mask, the low-res logits and 1 with one', () => {
    expect(maskInput(null)).toEqual({ mask: new Float32Array(65536), has: 0 });
    const lowRes = new Float32Array(65536).fill(3);
    expect(maskInput({ lowRes })).toEqual({ mask: lowRes, has: 1 });
  });
});

describe('encoderInput', () => {
  // 2x1 image: red-ish and blue-ish pixels.
  const rgb = Uint8Array.from([255, 0, 10, 0, 128, 255]);
  it('sam-hwc-in-graph: [H, W, 3] floats 0..255 as they are', () => {
    const out = encoderInput('sam-hwc-in-graph', rgb, 2, 1);
    expect(out.dims).toEqual([1, 2, 3]);
    expect(Array.from(out.data)).toEqual([255, 0, 10, 0, 128, 255]);
  });
  it('sam-nchw-1024: planes normalised by ImageNet mean/std, zero padding right and bottom', () => {
    const out = encoderInput('sam-nchw-1024', rgb, 2, 1);
    expect(out.dims).toEqual([1, 3, 1024, 1024]);
    const at = (c: number, y: number, x: number) => out.data[c * 1024 * 1024 + y * 1024 + x]!;
    expect(at(0, 0, 0)).toBeCloseTo((255 - 123.675) / 58.395, 5);
    expect(at(1, 0, 1)).toBeCloseTo((128 - 116.28) / 57.12, 5);
    expect(at(2, 0, 1)).toBeCloseTo((255 - 103.53) / 57.375, 5);
    expect([at(0, 0, 2), at(1, 1, 0), at(2, 1023, 1023)]).toEqual([0, 0, 0]);
  });
});

describe('chooseTokens', () => {
  const four = [0.5, 0.7, 0.9, 0.8];
  it.each([
    ['4 tokens, multimask: tokens 1..3 by score', four, true, false, [2, 3, 1]],
    ['4 tokens, one asked, a lone click: best multimask token', four, false, true, [2]],
    ['4 tokens, one asked, more prompt: the single-mask token', four, false, false, [0]],
    ['1 token (export chose already)', [0.4], true, true, [0]],
    ['3 tokens: ranked', [0.2, 0.6, 0.4], true, false, [1, 2, 0]],
    ['3 tokens, one asked: the best', [0.2, 0.6, 0.4], false, false, [1]],
    ['ties keep token order', [0.5, 0.8, 0.8, 0.8], true, false, [1, 2, 3]],
  ])('%s', (_, scores, multimask, singlePoint, expected) => {
    expect(chooseTokens(scores, multimask, singlePoint)).toEqual(expected);
  });
});

/** PyTorch's F.interpolate(bilinear, align_corners=False) for one plane, the direct 2-D form. */
function referenceResize(src: Float32Array, inW: number, inH: number, outW: number, outH: number) {
  const out = new Float32Array(outW * outH);
  const tap = (o: number, inSize: number, outSize: number) => {
    const s = Math.max(0, ((o + 0.5) * inSize) / outSize - 0.5);
    const i0 = Math.min(Math.floor(s), inSize - 1);
    return [i0, Math.min(i0 + 1, inSize - 1), s - i0] as const;
  };
  for (let y = 0; y < outH; y++) {
    const [y0, y1, ly] = tap(y, inH, outH);
    for (let x = 0; x < outW; x++) {
      const [x0, x1, lx] = tap(x, inW, outW);
      const v = (yy: number, xx: number) => src[yy * inW + xx]!;
      out[y * outW + x] =
        (1 - ly) * ((1 - lx) * v(y0, x0) + lx * v(y0, x1)) + ly * ((1 - lx) * v(y1, x0) + lx * v(y1, x1));
    }
  }
  return out;
}

describe('upscaleLowRes', () => {
  const wave = (i: number) => Math.sin(i / 97) * 10 + (i % 256) / 25;
  const blob = (i: number) => 30 - ((i % 256) - 100) ** 2 / 10 - (Math.floor(i / 256) - 60) ** 2 / 10;
  it.each([
    ['mixed logits', 1280, 720, wave],
    ['mixed logits', 300, 500, wave],
    ['mixed logits', 7, 3, wave],
    ['one blob', 1280, 720, blob],
    ['one blob', 720, 1280, blob],
    ['all positive', 640, 480, () => 2],
    ['all negative', 640, 480, () => -2],
  ])('%s, %dx%d: as 256 -> 1024, crop, -> original done directly', (_, w, h, logit) => {
    const low = Float32Array.from({ length: 65536 }, (_, i) => logit(i));
    const frame = samFrame(w, h);
    const padded = referenceResize(low, 256, 256, 1024, 1024);
    const cropped = new Float32Array(frame.resizedWidth * frame.resizedHeight);
    for (let y = 0; y < frame.resizedHeight; y++)
      cropped.set(padded.subarray(y * 1024, y * 1024 + frame.resizedWidth), y * frame.resizedWidth);
    const expected = referenceResize(cropped, frame.resizedWidth, frame.resizedHeight, w, h);
    const got = upscaleLowRes(low, frame);
    expect(got).toHaveLength(w * h);
    // Exact wherever the answer is foreground; background may be computed or just marked below 0.
    let worst = 0;
    let wrongSide = 0;
    for (let i = 0; i < got.length; i++) {
      if (expected[i]! > 0) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      if (Math.abs(expected[i]!) > 1e-4 && got[i]! > 0 !== expected[i]! > 0) wrongSide++;
    }
    expect(worst).toBeLessThan(1e-4);
    expect(wrongSide).toBe(0);
  });
});

describe('thresholdLogits', () => {
  it.each([
    ['empty', [], [0, 0, 0, 0]],
    ['one pixel', [[3, 2]], [3, 2, 4, 3]],
    [
      'an L with a gap',
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [4, 3],
      ],
      [1, 1, 5, 4],
    ],
  ] as const)('%s: logits > 0 give the pixels, box (exclusive) and area', (_, on, box) => {
    const [w, h] = [6, 5];
    const logits = new Float32Array(2 + w * h).fill(-1);
    for (const [x, y] of on) logits[2 + y * w + x] = 0.5;
    logits[2 + 4 * w + 5] = 0; // exactly 0 is background, as SAM's threshold
    const mask = thresholdLogits(logits, 2, w, h);
    expect(mask.box).toEqual(box);
    expect(mask.area).toBe(on.length);
    expect(rleArea(mask.rle)).toBe(on.length);
    if (on.length) expect(rleToBox(mask.rle)).toEqual(box);
    const pixels = rleToMask(mask.rle).data;
    for (const [x, y] of on) expect(pixels[y * w + x]).toBe(1);
  });
});

describe('thresholdLogits agrees with maskToRle', () => {
  it.each([
    [1, 1, 0.5],
    [1, 7, 0.5],
    [9, 1, 0.5],
    [37, 23, 0.1],
    [37, 23, 0.5],
    [37, 23, 0.9],
    [64, 48, 0],
    [64, 48, 1],
  ])('%dx%d with %s foreground', (w, h, fraction) => {
    let seed = w * 7919 + h * 104729 + Math.round(fraction * 100);
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Blocky noise: runs of several pixels, single pixels, and whole columns switching.
    const logits = Float32Array.from({ length: w * h }, (_, i) =>
      rand() < fraction || (i % 5 === 0 && fraction > 0.5) ? 1 + rand() : -rand(),
    );
    const mask = createMask(
      w,
      h,
      Uint8Array.from(logits, (v) => (v > 0 ? 1 : 0)),
    );
    const got = thresholdLogits(logits, 0, w, h);
    expect(got.rle).toEqual(maskToRle(mask));
    expect(got.area).toBe(mask.data.reduce((a, b) => a + b, 0));
    expect(got.box).toEqual(rleToBox(got.rle));
  });
});

describe('samCandidates', () => {
  const frame = samFrame(8, 4);
  const lowRes = new Float32Array(4 * 65536).map((_, i) => Math.floor(i / 65536));
  it('refuses masks of a size that is neither the image nor 256x256', () => {
    const outputs = {
      masks: new Float32Array(4 * 25),
      maskDims: [1, 4, 5, 5],
      scores: Float32Array.of(0.1, 0.2, 0.3, 0.4),
      lowRes,
    };
    expect(() => samCandidates(outputs, frame, true, true)).toThrow(
      expect.objectContaining({ code: 'model_invalid' }),
    );
  });
  it("keeps each chosen token's own low-res logits as its `next`, scores clamped to 0..1", () => {
    const masks = new Float32Array(4 * 32).fill(1);
    const scores = Float32Array.of(0.1, 1.2, -0.3, 0.4);
    const { candidates, next } = samCandidates(
      { masks, maskDims: [1, 4, 4, 8], scores, lowRes },
      frame,
      true,
      true,
    );
    expect(candidates.map((c) => c.score)).toEqual([1, Math.fround(0.4), 0]);
    expect(next.map((n) => n.lowRes![0])).toEqual([1, 3, 2]);
    expect(candidates[0]).toMatchObject({ area: 32, box: [0, 0, 8, 4] });
  });
});

describe('EncoderWorker', () => {
  const tmp = makeTempDir('vps-sam-worker-');
  afterAll(() => tmp.cleanup());
  const entry = writeSamTestModels(tmp.dir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-nchw-1024');
  const contract = modelFile(entry, 'encoder');
  const path = join(tmp.dir, contract.file);
  const frame = () => new Float32Array(3 * 1024 * 1024).fill(2);

  it('encodes in order; a cancelled call waiting its turn is dropped, the running one finishes', async () => {
    const worker = new EncoderWorker(path, contract, 1);
    const controller = new AbortController();
    const first = worker.encode(frame(), [1, 3, 1024, 1024]);
    const second = worker.encode(frame(), [1, 3, 1024, 1024], controller.signal);
    const third = worker.encode(frame(), [1, 3, 1024, 1024]);
    controller.abort();
    const out = await first;
    expect(out.dims).toEqual([1, 256, 64, 64]);
    expect(out.data[0]).toBeCloseTo(2, 5);
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    await expect(third).resolves.toMatchObject({ dims: [1, 256, 64, 64] });
    await worker.stop();
  });

  it('stop() waits for the running encoding instead of killing onnxruntime mid-run', async () => {
    const worker = new EncoderWorker(path, contract, 1);
    await worker.load();
    const running = worker.encode(frame(), [1, 3, 1024, 1024]);
    await worker.stop();
    await expect(running).resolves.toMatchObject({ dims: [1, 256, 64, 64] });
    // A stopped worker starts again on demand.
    await expect(worker.encode(frame(), [1, 3, 1024, 1024])).resolves.toMatchObject({
      dims: [1, 256, 64, 64],
    });
    await worker.stop();
  });
});
