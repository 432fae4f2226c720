import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun, requireRunnable } from '../../electron/chains/chain-runs';
import { runChainOnImage } from '../../electron/chains/run-chain';
import type { ChainEngines } from '../../electron/inference/segmenter';
import type { ProjectStore } from '../../electron/store/project-store';
import { chainSchema, type ChainInput } from '../../shared/chains/schema';
import { StudioError } from '../../shared/errors';
import { rleArea } from '../../shared/geometry';
import { hasSharedAssets } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter, DRIVING_IMAGES, GridDetector, picodet, projectWith } from './chains-fixtures';

const carsChain: ChainInput = {
  name: 'cars',
  steps: [
    { op: 'detect-class', classes: ['cars'], minScore: 0.4 },
    { op: 'boxes-to-prompts' },
    { op: 'segment' },
    { op: 'dedupe', iou: 0.7 },
    { op: 'map-labels', mapping: { car: 'vehicle' } },
  ],
};

describe.skipIf(!hasSharedAssets)('chain runner on the driving images (PicoDet + box fill)', () => {
  const tmp = makeTempDir('vps-chains-');
  const detector = picodet();
  let store: ProjectStore;
  afterAll(async () => {
    store?.close();
    await detector.dispose();
    tmp.cleanup();
  });
  beforeAll(async () => {
    store = await projectWith(tmp.dir, DRIVING_IMAGES);
    store.createLabel({ name: 'vehicle' });
  });

  const engines = (segmenter = new BoxFillSegmenter()): ChainEngines => ({
    detectors: [detector],
    segmenters: [segmenter],
  });

  const startRun = (input: ChainInput, imageIds: number[], e = engines()) => {
    const chain = requireRunnable(input, e, store);
    return store.writeChains((c) =>
      c.createRun({ chainId: null, name: 'run', chain, imageIds, replayOf: null }),
    );
  };

  it('runs every step on one image and records outputs, timings and model ids', async () => {
    const image = store.getImage(1);
    const result = await runChainOnImage(chainSchema.parse(carsChain), image, engines());
    expect(result.steps.map((s) => [s.op, s.modelId])).toEqual([
      ['detect-class', 'picodet-s-320-coco'],
      ['boxes-to-prompts', undefined],
      ['segment', 'box-fill-v1'],
      ['dedupe', undefined],
      ['map-labels', undefined],
    ]);
    const [detect, , segment] = result.steps;
    // BDD100K ins_seg frame 620a7840 has six labelled cars; PicoDet finds several of them.
    expect(detect!.outCount).toBeGreaterThanOrEqual(3);
    expect(detect!.regions.every((r) => r.label === 'car' && r.score >= 0.4 && !r.rle)).toBe(true);
    expect(segment!.outCount).toBe(detect!.outCount);
    expect(segment!.modelMs).toBeGreaterThanOrEqual(0);
    expect(detect!.modelMs).toBeGreaterThan(0);
    expect(detect!.modelMs).toBeLessThanOrEqual(detect!.ms);
    expect(result.modelMs).toBeLessThanOrEqual(result.ms);
    for (const r of result.regions) {
      expect(r.label).toBe('vehicle');
      expect(r.rle!.size).toEqual([image.height, image.width]);
      expect(rleArea(r.rle!)).toBe(r.area);
      expect(r.detectScore).toBeGreaterThanOrEqual(0.4);
    }
  });

  it('runs on many images as a recorded run', async () => {
    const progress: [number, number][] = [];
    const run = startRun(carsChain, [1, 2, 3]);
    const done = await executeRun(store, run.id, engines(), { progress: (d, t) => progress.push([d, t]) });
    expect(done).toMatchObject({ status: 'done', done: 3, failed: 0, error: null });
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const images = store.readChains((c) => c.runImages(run.id));
    expect(images.map((i) => i.imageId)).toEqual([1, 2, 3]);
    expect(done.regionCount).toBe(images.reduce((n, i) => n + i.regions.length, 0));
    expect(done.regionCount).toBeGreaterThan(0);
  });

  it('handles an image where nothing is found', async () => {
    const chain: ChainInput = {
      steps: [{ op: 'detect-class', classes: ['toothbrush'] }, { op: 'boxes-to-points' }, { op: 'segment' }],
    };
    const segmenter = new BoxFillSegmenter();
    const run = startRun(chain, [1], engines(segmenter));
    expect(await executeRun(store, run.id, engines(segmenter))).toMatchObject({
      status: 'done',
      regionCount: 0,
    });
    const [image] = store.readChains((c) => c.runImages(run.id));
    expect(image!.steps[0]).toMatchObject({ outCount: 0, message: 'nothing found' });
    expect(image!.steps.map((s) => s.outCount)).toEqual([0, 0, 0]);
    expect(segmenter.calls).toBe(0);
  });

  it('caps thousands of boxes before segmenting them, and says so', async () => {
    const segmenter = new BoxFillSegmenter();
    const wild: ChainEngines = { detectors: [new GridDetector(3000)], segmenters: [segmenter] };
    const chain = chainSchema.parse({
      maxRegions: 50,
      steps: [{ op: 'detect-class', classes: ['tile'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
    });
    const result = await runChainOnImage(chain, store.getImage(2), wild);
    expect(result.steps[0]).toMatchObject({
      inCount: 0,
      outCount: 50,
      message: "3,000 regions: kept the best 50 regions (the chain's maxRegions), dropped 2,950",
    });
    expect(segmenter.calls).toBe(50);
    expect(Math.min(...result.steps[0]!.regions.map((r) => r.score))).toBeGreaterThan(1 - 50 / 6000 - 1e-9);
  });

  it('saves a cancelled run as partial and resumes it without redoing finished images', async () => {
    const segmenter = new BoxFillSegmenter();
    const run = startRun(carsChain, [1, 2, 3], engines(segmenter));
    const controller = new AbortController();
    const stopped = await executeRun(store, run.id, engines(segmenter), {
      signal: controller.signal,
      progress: (done) => done === 1 && controller.abort(),
    });
    expect(stopped).toMatchObject({ status: 'partial', done: 1, error: 'The chain run was cancelled.' });
    const first = store.readChains((c) => c.runImages(run.id));
    expect(first.map((i) => i.imageId)).toEqual([1]);
    expect(store.readChains((c) => c.pendingImages(run.id))).toEqual([2, 3]);

    const callsBefore = segmenter.calls;
    const resumed = await executeRun(store, run.id, engines(segmenter));
    expect(resumed).toMatchObject({ status: 'done', done: 3, error: null });
    const after = store.readChains((c) => c.runImages(run.id));
    expect(after[0]!.finishedAt).toBe(first[0]!.finishedAt);
    expect(segmenter.calls - callsBefore).toBe(after[1]!.steps[2]!.inCount + after[2]!.steps[2]!.inCount);
  });

  it('treats an engine stopped by the signal as a cancelled run, not a failed image', async () => {
    const segmenter = new BoxFillSegmenter();
    const controller = new AbortController();
    segmenter.beforeAnswer = () => controller.abort();
    const run = startRun(carsChain, [1, 2], engines(segmenter));
    const out = await executeRun(store, run.id, engines(segmenter), { signal: controller.signal });
    expect(out).toMatchObject({
      status: 'partial',
      done: 0,
      failed: 0,
      error: 'The chain run was cancelled.',
    });
    expect(store.readChains((c) => c.pendingImages(run.id))).toEqual([1, 2]);
  });

  it('records an unreadable image as failed and goes on', async () => {
    const broken = join(tmp.dir, 'broken.jpg');
    writeFileSync(broken, Buffer.from(DRIVING_IMAGES[0]!)); // a JPEG name over text: registered, then read
    const probe = store.getImage(1);
    store.insertImages([{ ...probe, path: broken, sha256: 'f'.repeat(64) }]);
    const run = startRun(carsChain, [4, 2]);
    const out = await executeRun(store, run.id, engines());
    expect(out).toMatchObject({ status: 'partial', done: 1, failed: 1 });
    expect(out.error).toBe('1 of 2 images failed; resume to retry them.');
    const [failed] = store.readChains((c) => c.runImages(run.id, [4]));
    expect(failed).toMatchObject({ status: 'failed', steps: [], regions: [] });
    expect(failed!.error).toMatch(/broken\.jpg/);
  });

  it.each<[string, ChainInput, ChainEngines | 'none', string]>([
    [
      'a class the detector lacks',
      { steps: [{ op: 'detect-class', classes: ['lane marking'] }] },
      'none',
      "The chain cannot run: step 1 (detect-class): 'lane marking' is not a class of detector 'picodet-s-320-coco'",
    ],
    [
      'a label the project lacks',
      {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'map-labels', mapping: { car: 'auto' } },
        ],
      },
      'none',
      "The chain cannot run: step 2 (map-labels) maps to 'auto', which is not a label of this project (labels: vehicle)",
    ],
    [
      'no segmenter',
      { steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-points' }, { op: 'segment' }] },
      { detectors: [], segmenters: [] },
      'The chain cannot run: step 1 (detect-class) no class detector is available',
    ],
  ])('refuses to start a chain with %s', (_name, input, given, message) => {
    const e = given === 'none' ? engines() : given;
    let caught: unknown;
    try {
      requireRunnable(input, e, store);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StudioError);
    expect((caught as StudioError).code).toBe('invalid_input');
    expect((caught as StudioError).message).toContain(message);
  });

  it('fails a run whose engine went away before any image ran', async () => {
    const run = startRun(carsChain, [1, 2]);
    const out = await executeRun(store, run.id, { detectors: [detector], segmenters: [] });
    expect(out).toMatchObject({ status: 'failed', done: 0, failed: 0 });
    expect(out.error).toBe("The chain's segment step needs a segmenter, and none is available.");
  });
});
