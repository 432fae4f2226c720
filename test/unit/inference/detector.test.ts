import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { PicoDetDetector } from '../../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry, type ModelEntry } from '../../../electron/inference/models/manifest';
import type { Box } from '../../../shared/domain';
import { boxIou } from '../../../shared/geometry/nms';
import { studioErrorOf } from '../../helpers/studio-error';
import { hasSharedAssets, PICODET_MODEL, sharedPath } from '../../helpers/shared-assets';
import { makeHugePng } from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

const entry = modelEntry(MANIFEST, 'picodet-s-320-coco');
const DOG = sharedPath('models', 'picodet-s-320-coco', 'dog.jpg');
const dogImage = { sha256: 'dog', path: DOG, width: 768, height: 576 };

// The detections ../shared/models/picodet-s-320-coco/README.md lists for dog.jpg (Paddle preprocessing).
const README_DOG: { label: string; score: number; box: Box }[] = [
  { label: 'dog', score: 0.894, box: [130, 210, 325, 542] },
  { label: 'car', score: 0.841, box: [466, 80, 691, 170] },
  { label: 'bicycle', score: 0.567, box: [295, 132, 568, 421] },
];

describe.skipIf(!hasSharedAssets)('PicoDet detector', () => {
  const detector = new PicoDetDetector({ entry, modelPath: PICODET_MODEL });
  const tmp = makeTempDir('vps-detector-');
  afterAll(async () => {
    await detector.dispose();
    tmp.cleanup();
  });

  it("finds the README's dog, car and bicycle in dog.jpg, boxes within a few pixels", async () => {
    const found = await detector.detect(dogImage, {});
    expect(found.map((d) => d.label)).toEqual(README_DOG.map((d) => d.label));
    found.forEach((d, i) => {
      const want = README_DOG[i]!;
      expect(d.classId).toBe(detector.classes.indexOf(want.label as never));
      expect(Math.abs(d.score - want.score)).toBeLessThan(0.02);
      d.box.forEach((v, k) => expect(Math.abs(v - want.box[k]!)).toBeLessThanOrEqual(4));
    });
  });

  it('returns only the classes asked for, matched as people type them', async () => {
    const found = await detector.detect(dogImage, { classes: ['Cars', 'bikes'] });
    expect(found.map((d) => d.label)).toEqual(['car', 'bicycle']);
  });

  it('lowers and raises the score threshold', async () => {
    expect((await detector.detect(dogImage, { scoreThreshold: 0.7 })).map((d) => d.label)).toEqual([
      'dog',
      'car',
    ]);
    const low = await detector.detect(dogImage, { scoreThreshold: 0.2 });
    expect(low.length).toBeGreaterThan(3);
    expect(low.every((d) => d.score > 0.2)).toBe(true);
    // Best first, and no two boxes of one class overlapping by more than the NMS threshold.
    expect(low.map((d) => d.score)).toEqual([...low.map((d) => d.score)].sort((a, b) => b - a));
    for (const a of low)
      for (const b of low)
        if (a !== b && a.classId === b.classId) expect(boxIou(a.box, b.box)).toBeLessThanOrEqual(0.5);
  });

  it('sees the image as displayed: an EXIF-rotated file detects like the same pixels physically rotated', async () => {
    // The model is not rotation-invariant (a dog on its side scores and boxes differently), so the reference is
    // the same photo turned 90° in its pixels: orientation 6 must be applied before the detector sees it.
    const exif = join(tmp.dir, 'dog-exif6.jpg');
    const turned = join(tmp.dir, 'dog-turned.jpg');
    await sharp(DOG).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(exif);
    await sharp(DOG).rotate(90).jpeg({ quality: 95 }).toFile(turned);
    const displayed = { width: 576, height: 768 };
    const fromExif = await detector.detect(
      { sha256: 'exif', path: exif, ...displayed },
      { scoreThreshold: 0.3 },
    );
    const fromTurned = await detector.detect(
      { sha256: 'turned', path: turned, ...displayed },
      { scoreThreshold: 0.3 },
    );
    const dog = fromExif.find((d) => d.label === 'dog')!;
    const twin = fromTurned.find((d) => d.label === 'dog')!;
    expect(dog && twin).toBeTruthy();
    expect(boxIou(dog.box, twin.box)).toBeGreaterThan(0.9);
    expect(Math.abs(dog.score - twin.score)).toBeLessThan(0.05);
    // Boxes are in the displayed (portrait) frame; with the orientation ignored the dog would lie in 768x576.
    for (const d of fromExif) {
      expect(d.box[2]).toBeLessThanOrEqual(displayed.width);
      expect(d.box[3]).toBeLessThanOrEqual(displayed.height);
    }
  });

  it('reads grayscale, 16-bit and CMYK copies of the photo like the original', async () => {
    const copies = {
      'grey.png': sharp(DOG).grayscale().png(),
      'rgb16.png': sharp(DOG).toColourspace('rgb16').png(),
      'cmyk.jpg': sharp(DOG).toColourspace('cmyk').jpeg({ quality: 95 }),
    };
    for (const [name, image] of Object.entries(copies)) {
      const path = join(tmp.dir, name);
      await image.toFile(path);
      const found = await detector.detect({ ...dogImage, sha256: name, path }, { classes: ['dog'] });
      expect(found, name).toHaveLength(1);
      expect(boxIou(found[0]!.box, README_DOG[0]!.box), name).toBeGreaterThan(0.85);
    }
  });

  it('answers a 1x1 image with no detections and refuses a 20000x20000 one before decoding it', async () => {
    const tiny = join(tmp.dir, 'tiny.png');
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toFile(tiny);
    expect(await detector.detect({ sha256: 'tiny', path: tiny, width: 1, height: 1 }, {})).toEqual([]);
    const huge = await makeHugePng(tmp.dir, 'huge.png', 20000, 20000);
    const err = await studioErrorOf(
      detector.detect({ sha256: 'huge', path: huge, width: 20000, height: 20000 }, {}),
    );
    expect(err.code).toBe('image_too_large');
  });

  it('refuses a class name it does not know, naming the ones it does', async () => {
    const err = await studioErrorOf(detector.detect(dogImage, { classes: ['car', 'road'] }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/'road' is not a class.*person, bicycle, car/);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(detector.detect(dogImage, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('says model_invalid for a file that is not an ONNX model', async () => {
    const path = join(tmp.dir, 'broken.onnx');
    writeFileSync(path, 'not a model at all');
    const broken = new PicoDetDetector({ entry, modelPath: path });
    const err = await studioErrorOf(broken.detect(dogImage, {}));
    expect(err.code).toBe('model_invalid');
    expect(err.message).toContain(path);
  });

  it('says model_invalid, naming the difference, when the model does not match its contract', async () => {
    const file = entry.files[0]!;
    const wrong: ModelEntry = {
      ...entry,
      files: [
        {
          ...file,
          inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 416, 416] }],
          outputs: [{ ...file.outputs[0]!, shape: [1, 1600, 81] }, ...file.outputs.slice(1)],
        },
      ],
    };
    const mismatched = new PicoDetDetector({ entry: wrong, modelPath: PICODET_MODEL });
    const err = await studioErrorOf(mismatched.detect(dogImage, {}));
    expect(err.code).toBe('model_invalid');
    expect(err.message).toContain("no input 'images' (it has 'image')");
    expect(err.message).toContain("unexpected input 'image'");
    expect(err.message).toContain(
      "output 'save_infer_model/scale_0.tmp_0' has shape [1, 1600, 80], expected [1, 1600, 81]",
    );
  });
});
