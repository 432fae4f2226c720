// The main job over the real browser-mode transport with the engines the studio ships and no SAM weights: the
// classical engine answers (and status says why), a box on a real car of a BDD100K frame gives a mask close to
// its ground-truth mask, a negative click refines it, the mask is accepted; 'detect cars' proposes boxes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, ImageRecord, Prompt, Rle } from '../../shared/domain';
import type { DetectResult, SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import { rleIou, rleToMask } from '../../shared/geometry/rle';
import { DRIVING_SAMPLE, hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { startTestServer, type TestServer } from '../helpers/studio-server';

const FRAME = '00091078-875c1f73-0000166';

describe.skipIf(!hasSharedAssets)('clicking a car with the classical engine, over HTTP', () => {
  let t: TestServer;
  let project: string;
  let image: ImageRecord;
  let car: { id: string; box2d: { x1: number; y1: number; x2: number; y2: number }; rle: Rle };
  let box: number[];

  beforeAll(async () => {
    const labels = JSON.parse(
      readFileSync(join(DRIVING_SAMPLE, 'bdd100k_mots', `${FRAME}.json`), 'utf8'),
    ) as {
      labels: (typeof car)[];
    }[];
    car = labels[0]!.labels.find((l) => l.id === '609')!;
    box = [car.box2d.x1, car.box2d.y1, car.box2d.x2, car.box2d.y2];
    t = await startTestServer({ env: { VISPROMPT_MODELS_DIR: sharedPath('models') } });
    const drive = await t.projectWithImages(join(DRIVING_SAMPLE, 'bdd100k_mots'), 'drive');
    project = drive.project;
    image = drive.images.find((i) => i.path.includes(FRAME))!;
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('says the classical engine answers because no MobileSAM weights are in the models folder', async () => {
    const status = await t.ok<SegmentStatus>('segment.status', {});
    expect(status.segmenter).toMatchObject({ engine: 'classical', modelId: 'classical-v1' });
    expect(status.segmenter.reason).toMatch(/^classical: MobileSAM .* weights not found in .*mobile-sam/);
  });

  it('segments the car from its box, refines with a negative click, and the accepted mask is saved', async () => {
    await t.ok('segment.prepare', { project, imageIds: [image.id] });
    const label = await t.ok<{ id: number }>('labels.create', { project, name: 'car' });
    await t.ok<Prompt>('prompts.setCurrent', { project, imageId: image.id, prompt: { points: [], box } });
    const first = await t.ok<SegmentRunResult>('segment.run', {
      project,
      imageId: image.id,
      prompt: { points: [], box },
    });
    expect(first.engine).toBe('classical');
    const truth = car.rle;
    const iou = rleIou(first.candidates[0]!.rle, truth);
    // Measured 0.8 here; the filled box scores 0.72 on this car.
    expect(iou).toBeGreaterThan(0.65);

    // A background click above the roof, where the box-only mask spills over.
    const prompt = { points: [{ point: [545, 333], positive: false }], box };
    await t.ok<Prompt>('prompts.setCurrent', { project, imageId: image.id, prompt });
    const second = await t.ok<SegmentRunResult>('segment.run', {
      project,
      imageId: image.id,
      prompt,
      multimask: false,
    });
    expect(second.refined).toBe(true);
    const chosen = second.candidates[0]!;
    expect(rleToMask(chosen.rle).data[333 * 1280 + 545]).toBe(0);

    const open = await t.ok<Prompt>('prompts.current', { project, imageId: image.id });
    const [saved] = await t.ok<Annotation[]>('annotations.save', {
      project,
      imageId: image.id,
      upserts: [
        {
          labelId: label.id,
          kind: 'mask',
          geometry: { kind: 'mask', box: chosen.box },
          rle: chosen.rle,
          source: 'model',
          modelId: second.modelId,
          promptId: open.id,
          score: chosen.score,
        },
      ],
    });
    await t.ok('prompts.close', { project, id: open.id });
    await t.ok('segment.reset', { project, imageId: image.id });
    expect(saved).toMatchObject({ kind: 'mask', reviewState: 'accepted', area: chosen.area });
    expect(await t.ok('prompts.current', { project, imageId: image.id })).toBeNull();
  });

  it("'detect cars' proposes boxes over the frame's cars", async () => {
    const result = await t.ok<DetectResult>('segment.detect', {
      project,
      imageId: image.id,
      classes: ['cars'],
      propose: true,
    });
    expect(result.proposals.length).toBe(result.detections.length);
    expect(result.detections.length).toBeGreaterThanOrEqual(3);
  });
});
