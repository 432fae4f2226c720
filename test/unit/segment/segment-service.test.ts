import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PicoDetDetector } from '../../../electron/inference/detector/picodet-detector';
import { MANIFEST, parseManifest, type ModelEntry } from '../../../electron/inference/models/manifest';
import { ModelsDirConfig } from '../../../electron/settings/models-dir';
import type { Segmenter } from '../../../electron/inference/segmenter';
import type { EngineFactories } from '../../../electron/engines/engine-choice';
import { EngineRegistry } from '../../../electron/engines/engine-registry';
import { SegmentService } from '../../../electron/segment/segment-service';
import { ProjectStore } from '../../../electron/store/project-store';
import type { Box } from '../../../shared/domain';
import { boxIou } from '../../../shared/geometry/nms';
import { rleToBox } from '../../../shared/geometry/rle';
import { hasSharedAssets, PICODET_MODEL, sharedPath } from '../../helpers/shared-assets';
import { studioErrorOf } from '../../helpers/studio-error';
import { makeTempDir } from '../../helpers/temp-dir';
import { drivingTruth } from '../../helpers/detector-ground-truth';
import { FillSegmenter } from '../../helpers/fill-segmenter';

const picodet: EngineFactories['detector'] = (entry, modelPath) => new PicoDetDetector({ entry, modelPath });
const truth = drivingTruth().find((t) => t.image.endsWith('0000166.jpg'))!;

describe.skipIf(!hasSharedAssets)('segment service', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let store: ProjectStore;
  let project: string;
  let ids: number[];
  let fill: FillSegmenter;
  let services: SegmentService[];
  let registries: EngineRegistry[];

  /** A service over a registry of its own; `config` replaces the models folder setting. */
  function service(
    options: {
      modelsDir?: string;
      config?: ModelsDirConfig;
      factories?: EngineFactories;
      manifest?: typeof MANIFEST;
    } = {},
  ) {
    const modelsDir =
      options.config ??
      new ModelsDirConfig(join(tmp.dir, 'data'), {
        VISPROMPT_MODELS_DIR: options.modelsDir ?? sharedPath('models'),
      });
    const engines = new EngineRegistry({
      manifest: options.manifest ?? MANIFEST,
      modelsDir,
      factories: options.factories ?? { classical: () => fill, detector: picodet },
    });
    const s = new SegmentService({
      modelsDir,
      engines,
      project: () => store,
      now: () => new Date('2026-01-02T03:04:05Z'),
      viewCacheDir: join(tmp.dir, 'views'),
    });
    services.push(s);
    registries.push(engines);
    return { s, engines };
  }

  beforeEach(() => {
    tmp = makeTempDir('vps-segment-');
    project = join(tmp.dir, 'p.vpstudio');
    store = ProjectStore.create(project, { name: 'segment' });
    const paths = [
      truth.path,
      truth.path.replace('0000166', '0000167'),
      sharedPath('data', 'driving-sample', 'bdd100k_det', '12305469-7a4947e7.jpg'),
    ];
    const images = paths.map((path, i) => ({
      path,
      sha256: String(i).repeat(64),
      sizeBytes: 1,
      width: truth.width,
      height: truth.height,
      orientation: 1,
      format: 'jpeg',
    }));
    store.insertImages(images);
    ids = store.listImages({}, 0, 10).items.map((i) => i.id);
    fill = new FillSegmenter(30);
    services = [];
    registries = [];
  });

  afterEach(async () => {
    for (const s of services) await s.dispose();
    for (const r of registries) await r.dispose();
    store.close();
    tmp.cleanup();
  });

  it('says classical is active because the MobileSAM weights are not in the models folder, and the detector is', async () => {
    const status = await service().s.status();
    expect(status.modelsDir).toBe(sharedPath('models'));
    expect(status.modelsDirSource).toBe('env');
    expect(status.segmenter.engine).toBe('fill-test');
    expect(status.segmenter.reason).toContain(
      `fill-test: MobileSAM (TinyViT encoder, SAM mask decoder) weights not found in ${sharedPath('models', 'mobile-sam')}`,
    );
    expect(status.segmenter.reason).toContain('mobile_sam.encoder.onnx not found');
    expect(status.detector).toMatchObject({ engine: 'picodet-onnx', modelId: 'picodet-s-320-coco' });
    expect(status.detector.reason).toContain(sharedPath('models', 'picodet-s-320-coco'));
  });

  it('refines the previous answer when a click extends the prompt, and starts afresh otherwise', async () => {
    const { s } = service();
    const box: Box = [433, 325, 692, 587];
    const first = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [], box },
      multimask: true,
      selected: 0,
    });
    expect(first).toMatchObject({ engine: 'fill-test', modelId: 'fill-v1', refined: false });
    expect(first.candidates.map((c) => c.area)).toEqual([259 * 262, 255 * 258, 251 * 254]);
    expect(first.candidates[0]!.box).toEqual(box);

    // A negative click on the looked-at candidate (1) refines that one.
    const negative = { point: [500, 400] as [number, number], positive: false };
    const second = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [negative], box },
      multimask: true,
      selected: 1,
    });
    expect(second.refined).toBe(true);
    expect(fill.calls[1]!.prompt.previous).toEqual({ rle: first.candidates[1]!.rle });
    expect(second.candidates[0]!.area).toBe(259 * 262 - 20 * 20);

    // Undo (the point removed) and a new box are not refinements; nor is anything after reset.
    const undo = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [], box },
      multimask: false,
      selected: 0,
    });
    expect(undo.refined).toBe(false);
    expect(fill.calls[2]!.prompt.previous).toBeNull();
    s.reset(project, ids[0]!);
    const afterReset = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [negative], box },
      multimask: false,
      selected: 0,
    });
    expect(afterReset.refined).toBe(false);

    // Every run is recorded in the project, with its parameters.
    const runs = store.listModelRuns(ids[0]!);
    expect(runs.map((r) => [r.engine, r.modelId, r.status])).toEqual(
      Array(4).fill(['fill-test', 'fill-v1', 'ok']),
    );
    expect(runs[1]!.params).toEqual({ points: 1, box, multimask: true, refined: true });
    expect(runs[0]!.startedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('answers a hover preview as the click would, without changing what the next click refines or recording a run', async () => {
    const { s } = service();
    const at = (x: number, y: number) => ({ point: [x, y] as [number, number], positive: true });
    const run = (points: ReturnType<typeof at>[], preview = false) =>
      s.run({
        project,
        imageId: ids[0]!,
        prompt: { points, box: null },
        multimask: true,
        selected: 0,
        preview,
      });
    const first = await run([at(300, 300)]);

    // Hovering with a second point: refined from the first click, as the click would be.
    const hover = await run([at(300, 300), at(340, 300)], true);
    expect(hover.refined).toBe(true);
    expect(fill.calls[1]!.prompt.previous).toEqual({ rle: first.candidates[0]!.rle });
    expect(hover.candidates[0]!.box).toEqual([290, 290, 350, 310]);
    // A hover elsewhere (a fresh prompt) is not kept either.
    await run([at(900, 500)], true);

    // The click after them still refines the first click's answer, not a preview's.
    const second = await run([at(300, 300), at(300, 340)]);
    expect(second.refined).toBe(true);
    expect(fill.calls[3]!.prompt.previous).toEqual({ rle: first.candidates[0]!.rle });
    expect(store.listModelRuns(ids[0]!).map((r) => r.params)).toEqual([
      { points: 1, box: null, multimask: true, refined: false },
      { points: 2, box: null, multimask: true, refined: true },
    ]);
  });

  it('segments in view: the engine sees the crop with the prompt moved into it, the masks come back in image pixels', async () => {
    const { s } = service();
    const click = { point: [700, 350] as [number, number], positive: true };
    const whole = await s.run({
      project,
      imageId: ids[1]!,
      prompt: { points: [click], box: null },
      multimask: false,
      selected: 0,
    });
    const view: Box = [600.5, 300, 760, 390.2];
    const inView = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [click], box: null },
      multimask: true,
      selected: 0,
      view,
    });
    expect(inView.view).toEqual([600, 300, 760, 391]);
    const seen = fill.calls[1]!;
    expect(seen.image).toMatchObject({ width: 160, height: 91 });
    expect(seen.image.path.startsWith(join(tmp.dir, 'views'))).toBe(true);
    expect(await sharp(seen.image.path).metadata()).toMatchObject({ width: 160, height: 91 });
    expect(seen.prompt.points).toEqual([{ point: [100, 50], positive: true }]);
    // The same square around the click as on the whole image, in the whole image's frame.
    expect(whole.view).toBeNull();
    expect(inView.candidates[0]!.box).toEqual(whole.candidates[0]!.box);
    expect(inView.candidates[0]!.rle).toEqual(whole.candidates[0]!.rle);
    expect(inView.candidates.map((c) => c.rle.size)).toEqual(Array(3).fill([truth.height, truth.width]));

    // A refining click after a pan keeps the crop its previous answer was made in (fed back in that frame).
    const negative = { point: [705, 355] as [number, number], positive: false };
    const refined = await s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [click, negative], box: null },
      multimask: false,
      selected: 0,
      view: [650, 320, 810, 411],
    });
    expect(refined).toMatchObject({ refined: true, view: [600, 300, 760, 391] });
    expect(fill.calls[2]!.image.path).toBe(seen.image.path);
    expect(fill.calls[2]!.prompt.previous!.rle!.size).toEqual([91, 160]);
    expect(rleToBox(refined.candidates[0]!.rle)).toEqual(whole.candidates[0]!.box);
    expect(store.listModelRuns(ids[0]!)[0]!.params).toMatchObject({ view: [600, 300, 760, 391] });
  });

  it('keeps refinement state per image: a click on another image does not feed this one', async () => {
    const { s } = service();
    const p = (x: number) => ({
      points: [{ point: [x, 100] as [number, number], positive: true }],
      box: null,
    });
    await s.run({ project, imageId: ids[0]!, prompt: p(100), multimask: false, selected: 0 });
    const other = await s.run({ project, imageId: ids[1]!, prompt: p(100), multimask: false, selected: 0 });
    expect(other.refined).toBe(false);
    const more = {
      points: [...p(100).points, { point: [140, 100] as [number, number], positive: true }],
      box: null,
    };
    expect(
      (await s.run({ project, imageId: ids[0]!, prompt: more, multimask: false, selected: 0 })).refined,
    ).toBe(true);
  });

  it.each([
    [{ points: [], box: null }, /prompt is empty/],
    [
      { points: [{ point: [1281, 10] as [number, number], positive: true }], box: null },
      /\(1281, 10\) lies outside the 1280x720 image/,
    ],
    [{ points: [], box: [10, 10, 10, 300] as Box }, /has no area inside the 1280x720 image/],
    [{ points: [], box: [1300, 10, 1400, 300] as Box }, /has no area inside/],
  ])('refuses the bad prompt %j with invalid_input', async (prompt, message) => {
    const err = await studioErrorOf(
      service().s.run({ project, imageId: ids[0]!, prompt, multimask: false, selected: 0 }),
    );
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(message);
    expect(fill.calls).toHaveLength(0);
  });

  it('clips a box that reaches past the image edge', async () => {
    const r = await service().s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [], box: [1200, -50, 1400, 100] },
      multimask: false,
      selected: 0,
    });
    expect(r.candidates[0]!.box).toEqual([1200, 0, 1280, 100]);
  });

  it('says not_found for an unknown image and engine_failed (recorded as failed) when the engine throws', async () => {
    const { s } = service();
    expect(
      (
        await studioErrorOf(
          s.run({
            project,
            imageId: 999,
            prompt: { points: [], box: [0, 0, 9, 9] },
            multimask: false,
            selected: 0,
          }),
        )
      ).code,
    ).toBe('not_found');
    fill.segment = async () => {
      throw new Error('out of memory');
    };
    const err = await studioErrorOf(
      s.run({
        project,
        imageId: ids[0]!,
        prompt: { points: [], box: [0, 0, 9, 9] },
        multimask: false,
        selected: 0,
      }),
    );
    expect(err.code).toBe('engine_failed');
    expect(err.message).toBe('The fill-test engine failed: out of memory');
    expect(store.listModelRuns(ids[0]!).map((r) => [r.status, r.error])).toEqual([
      ['failed', 'out of memory'],
    ]);
  });

  it('prepares the listed images in order in the background and cancels those the user moved away from', async () => {
    const { s } = service();
    const paths = ids.map((id) => store.getImage(id).path);
    expect(s.prepare(project, [ids[0]!, ids[1]!])).toEqual([ids[0], ids[1]]);
    await new Promise((r) => setTimeout(r, 5));
    // The user moved on to image 2 before image 0 was done: 0 is cancelled, 1 keeps its place after 2.
    expect(s.prepare(project, [ids[2]!, ids[1]!])).toEqual([ids[2], ids[1]]);
    await s.idle();
    expect(fill.aborted).toEqual([paths[0]]);
    expect(fill.prepared).toEqual([paths[2], paths[1]]);
    expect((await studioErrorOf(() => s.prepare(project, [ids[0]!, 999]))).code).toBe('not_found');
  });

  it('proposes the detector boxes, labelled by the project label of the same name, in one save', async () => {
    const car = store.createLabel({ name: 'Car' });
    const { s } = service();
    const result = await s.detect({ project, imageId: ids[0]!, classes: ['cars'], propose: true });
    expect(result).toMatchObject({ engine: 'picodet-onnx', modelId: 'picodet-s-320-coco' });
    expect(result.detections.length).toBeGreaterThan(3);
    expect(new Set(result.detections.map((d) => d.label))).toEqual(new Set(['car']));
    // Most ground-truth cars of this frame are found.
    const cars = truth.objects.filter((o) => o.label === 'car');
    const found = cars.filter((t) => result.detections.some((d) => boxIou(d.box, t.box) >= 0.5));
    expect(found.length / cars.length).toBeGreaterThanOrEqual(0.5);
    const saved = store.listAnnotations(ids[0]!);
    expect(saved).toEqual(result.proposals);
    expect(saved).toHaveLength(result.detections.length);
    for (const a of saved)
      expect(a).toMatchObject({
        kind: 'box',
        source: 'model',
        reviewState: 'proposed',
        labelId: car.id,
        modelId: 'picodet-s-320-coco',
      });
    expect(store.listModelRuns(ids[0]!)[0]).toMatchObject({
      engine: 'picodet-onnx',
      status: 'ok',
      params: { classes: ['cars'], minScore: null },
    });
    // Without `propose` nothing more is saved.
    await s.detect({ project, imageId: ids[0]!, propose: false });
    expect(store.listAnnotations(ids[0]!)).toHaveLength(saved.length);
  });

  it('says model_missing with the reason when the detector weights are not in the models folder', async () => {
    const empty = join(tmp.dir, 'empty-models');
    const { s } = service({ modelsDir: empty });
    const status = await s.status();
    expect(status.detector.engine).toBeNull();
    expect(status.detector.reason).toContain(`weights not found in ${join(empty, 'picodet-s-320-coco')}`);
    const err = await studioErrorOf(s.detect({ project, imageId: ids[0]!, propose: false }));
    expect(err.code).toBe('model_missing');
    expect(err.message).toContain('picodet_s_320_coco.onnx not found');
  });

  it('says model_invalid when the detector file is there but corrupt', async () => {
    const models = join(tmp.dir, 'corrupt-models');
    mkdirSync(join(models, 'picodet-s-320-coco'), { recursive: true });
    // The right size (so it is not taken for a partial download), the wrong bytes.
    writeFileSync(join(models, 'picodet-s-320-coco', 'picodet_s_320_coco.onnx'), Buffer.alloc(4152664, 1));
    const { s } = service({ modelsDir: models });
    expect((await s.status()).detector.reason).toMatch(/is unusable: The model .* could not be loaded/);
    const err = await studioErrorOf(s.detect({ project, imageId: ids[0]!, propose: false }));
    expect(err.code).toBe('model_invalid');
  });

  it('falls back to classical, naming the tensor, when the SAM files are there but do not match their contract', async () => {
    // A models folder whose "MobileSAM" files are the detector: present, ONNX, but with the wrong inputs.
    const models = join(tmp.dir, 'models');
    mkdirSync(join(models, 'mobile-sam'), { recursive: true });
    const unsized = parseManifest({
      version: 1,
      models: MANIFEST.models.map((m): ModelEntry => ({
        ...m,
        files: m.files.map((f) => ({ ...f, sizeBytes: null })),
      })),
    });
    for (const f of unsized.models[0]!.files) copyFileSync(PICODET_MODEL, join(models, 'mobile-sam', f.file));
    let built = 0;
    const { s } = service({
      modelsDir: models,
      manifest: unsized,
      factories: {
        localSam: (): Segmenter => {
          built++;
          return fill;
        },
        classical: () => fill,
      },
    });
    const status = await s.status();
    expect(built).toBe(0);
    expect(status.segmenter.reason).toContain(
      `MobileSAM (TinyViT encoder, SAM mask decoder) in ${join(models, 'mobile-sam')} is unusable`,
    );
    expect(status.segmenter.reason).toContain("no input 'input_image' (it has 'image')");
  });

  it('lets a click that is running finish on its engine before a registry reset disposes it', async () => {
    const { s, engines } = service();
    const order: string[] = [];
    const segment = fill.segment.bind(fill);
    fill.segment = async (...args) => {
      await new Promise((r) => setTimeout(r, 50));
      order.push('segmented');
      return segment(...args);
    };
    const dispose = fill.dispose.bind(fill);
    fill.dispose = async () => {
      order.push('disposed');
      return dispose();
    };
    await s.status();
    const run = s.run({
      project,
      imageId: ids[0]!,
      prompt: { points: [], box: [0, 0, 50, 50] },
      multimask: false,
      selected: 0,
    });
    await new Promise((r) => setTimeout(r, 10));
    await engines.reset();
    expect((await run).candidates).toHaveLength(1);
    expect(order).toEqual(['segmented', 'disposed']);
  });

  it('chooses again after a registry reset (a download finished, the folder changed) and disposes the old engines', async () => {
    const config = new ModelsDirConfig(join(tmp.dir, 'data'), {});
    const { s, engines } = service({ config });
    expect((await s.status()).modelsDirSource).toBe('default');
    expect((await s.status()).detector.engine).toBeNull();
    await config.set(sharedPath('models'));
    await engines.reset();
    expect(fill.disposed).toBe(true);
    const status = await s.status();
    expect(status).toMatchObject({ modelsDir: sharedPath('models'), modelsDirSource: 'setting' });
    expect(status.detector.engine).toBe('picodet-onnx');
    expect((await studioErrorOf(config.set('relative/dir'))).code).toBe('invalid_input');
  });
});
