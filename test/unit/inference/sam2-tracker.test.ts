// The 'sam2-onnx' tracker with the SAM 2 test graphs (test/helpers/sam-test-models.ts: the manifest's
// sam2-hiera-tiny I/O, answers a test can compute): the prompt in SAM 2's 1024 square (per-axis scaling, box
// corners labelled 2 and 3, no padding point), a mask as mask_input logits (coverage x 20 - 10), objects kept
// with their own mask or lost with the shared checks' reason, and a pair that is not there refused at once.
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST, modelEntry } from '../../../electron/inference/models/manifest';
import { createSam2Tracker } from '../../../electron/inference/sam2-video';
import { maskLogits, trackerPrompt } from '../../../electron/inference/sam2-video/prompt';
import type { EngineImage } from '../../../electron/inference/segmenter';
import type { Box } from '../../../shared/domain';
import { createMask, maskToRle, rleArea, rleIou } from '../../../shared/geometry';
import { writeSam2TestModels } from '../../helpers/sam-test-models';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir('vps-sam2-unit-');
afterAll(() => tmp.cleanup());
const ENTRY = modelEntry(MANIFEST, 'sam2-hiera-tiny');

function boxMask(width: number, height: number, [x1, y1, x2, y2]: Box) {
  const m = createMask(width, height);
  for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * width + x] = 1;
  return maskToRle(m);
}

describe('the SAM 2 prompt', () => {
  it('puts the point and the widened box in the 1024 square, scaled per axis', () => {
    const p = trackerPrompt(boxMask(320, 180, [40, 20, 80, 60]))!;
    expect([...p.labels]).toEqual([1, 2, 3]);
    expect(p.count).toBe(3);
    const [sx, sy] = [1024 / 320, 1024 / 180];
    // Box widened by 10 % of its size on each side; the point is the mask pixel nearest its centroid.
    const want = [59.5 * sx, 40.5 * sy, 36 * sx, 16 * sy, 84 * sx, 64 * sy];
    [...p.coords].forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 3));
    expect(trackerPrompt(boxMask(320, 180, [0, 0, 0, 0]))).toBeNull();
  });

  it.each([
    // width x height, the mask's box, cell (row, col), logit
    [512, 256, [0, 0, 2, 1], 0, 0, 10],
    [512, 256, [0, 0, 1, 1], 0, 0, 0],
    [512, 256, [0, 0, 1, 1], 0, 1, -10],
    [1024, 1024, [8, 8, 16, 16], 2, 2, 10],
    [1024, 1024, [8, 8, 10, 16], 2, 2, 0],
    [100, 50, [0, 0, 100, 50], 255, 255, 10],
  ] as const)('a %dx%d mask %j gives cell (%d, %d) the logit %d', (w, h, box, row, col, logit) => {
    const logits = maskLogits(boxMask(w, h, box as unknown as Box));
    expect(logits).toHaveLength(256 * 256);
    expect(logits[row * 256 + col]).toBeCloseTo(logit, 5);
  });
});

describe('the SAM 2 tracker', () => {
  const modelsDir = join(tmp.dir, 'models');
  const dir = writeSam2TestModels(modelsDir);

  async function frame(name: string, dark: Box | null): Promise<EngineImage> {
    const path = join(tmp.dir, name);
    const composite = dark
      ? [
          {
            input: await sharp({
              create: {
                width: dark[2] - dark[0],
                height: dark[3] - dark[1],
                channels: 3,
                background: { r: 0, g: 0, b: 0 },
              },
            })
              .png()
              .toBuffer(),
            left: dark[0],
            top: dark[1],
          },
        ]
      : [];
    await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 180, g: 170, b: 160 } } })
      .composite(composite)
      .png()
      .toFile(path);
    return { sha256: name.padEnd(64, '0'), path, width: 640, height: 360 };
  }

  it('keeps each object with its own mask, frame after frame, and loses the one gone dark', async () => {
    const tracker = createSam2Tracker({ entry: ENTRY, modelDir: dir, encoderThreads: 1 });
    try {
      const a = boxMask(640, 360, [40, 200, 120, 280]);
      const b = boxMask(640, 360, [400, 100, 520, 180]);
      const first = await tracker.track(await frame('f1.png', null), [
        { id: 1, rle: a },
        { id: 2, rle: b },
      ]);
      expect(first.map((o) => o.kept)).toEqual([true, true]);
      for (const [o, before] of [
        [first[0]!, a],
        [first[1]!, b],
      ] as const) {
        if (!o.kept) throw new Error('lost');
        expect(rleIou(o.rle, before)).toBeGreaterThan(0.9);
        expect(o.score).toBeCloseTo(0.9, 2);
      }
      const kept = first.flatMap((o) => (o.kept ? [{ id: o.id, rle: o.rle }] : []));
      // Frame 2: object 2's region is black; object 1 goes on from the logits the tracker kept for it.
      const second = await tracker.track(await frame('f2.png', [380, 80, 540, 200]), kept);
      expect(second[0]).toMatchObject({ id: 1, kept: true });
      if (second[0]!.kept) expect(rleIou(second[0]!.rle, kept[0]!.rle)).toBeGreaterThan(0.99);
      expect(second[1]).toEqual({ id: 2, kept: false, reason: 'the new mask is empty' });
      // A half-dark object: what remains is too small a share of it.
      const third = await tracker.track(await frame('f3.png', [40, 200, 110, 280]), [kept[0]!]);
      expect(third[0]).toMatchObject({ id: 1, kept: false });
      if (!third[0]!.kept) expect(third[0]!.reason).toMatch(/^the mask's area went from \d+ to \d+ px/);
      expect(rleArea(a)).toBe(80 * 80);
    } finally {
      await tracker.dispose();
    }
  });

  it('refuses a folder without its files, and an entry that is not a SAM 2 pair, at once', () => {
    expect(() => createSam2Tracker({ entry: ENTRY, modelDir: join(tmp.dir, 'nothing') })).toThrow(
      /The encoder of 'SAM 2 Hiera-Tiny .*' is not at .*sam2_hiera_tiny\.encoder\.onnx/,
    );
    expect(() => createSam2Tracker({ entry: modelEntry(MANIFEST, 'mobile-sam'), modelDir: dir })).toThrow(
      /Model 'mobile-sam' is not a SAM 2 encoder\/decoder pair/,
    );
  });
});
