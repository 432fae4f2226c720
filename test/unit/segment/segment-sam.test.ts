// The segment service with the real built-in engines: a models folder holding a SAM pair (the known-answer test
// models of test/helpers/sam-test-models.ts under MobileSAM's file names) makes 'sam-onnx' the active engine;
// clicks go through the real encoder worker and decoder, refinement feeds the low-res logits back.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, modelEntry, parseManifest } from '../../../electron/inference/models/manifest';
import { ModelsDirConfig } from '../../../electron/settings/models-dir';
import { builtInEngines, embeddingCache } from '../../../electron/engines/built-in-engines';
import { EngineRegistry } from '../../../electron/engines/engine-registry';
import { SegmentService } from '../../../electron/segment/segment-service';
import { ProjectStore } from '../../../electron/store/project-store';
import { createMask } from '../../../shared/geometry/mask';
import { maskToRle, rleIou, rleToMask } from '../../../shared/geometry/rle';
import { makeImage } from '../../helpers/images';
import { writeSamTestModels } from '../../helpers/sam-test-models';
import { makeTempDir } from '../../helpers/temp-dir';

describe('segment service with the local SAM engine', () => {
  const tmp = makeTempDir('vps-segment-sam-');
  const models = join(tmp.dir, 'models');
  let store: ProjectStore;
  let service: SegmentService;
  let engines: EngineRegistry;
  let imageId: number;
  const project = join(tmp.dir, 'p.vpstudio');

  beforeAll(async () => {
    // The test pair is not MobileSAM's real size: this manifest leaves sizes open, as for sam-vit-b.
    const entry = writeSamTestModels(
      join(models, 'mobile-sam'),
      modelEntry(MANIFEST, 'mobile-sam'),
      'sam-hwc-in-graph',
    );
    const manifest = parseManifest({
      version: 1,
      models: MANIFEST.models.map((m) =>
        m.id === 'mobile-sam' ? { ...entry, files: entry.files.map((f) => ({ ...f, sizeBytes: null })) } : m,
      ),
    });
    const path = await makeImage(tmp.dir, 'street.png', { width: 640, height: 360, format: 'png' });
    store = ProjectStore.create(project, { name: 'sam' });
    store.insertImages([
      { path, sha256: 'a'.repeat(64), sizeBytes: 1, width: 640, height: 360, orientation: 1, format: 'png' },
    ]);
    imageId = store.listImages({}, 0, 1).items[0]!.id;
    const modelsDir = new ModelsDirConfig(join(tmp.dir, 'data'), { VISPROMPT_MODELS_DIR: models });
    engines = new EngineRegistry({
      manifest,
      modelsDir,
      factories: builtInEngines(embeddingCache(join(tmp.dir, 'embeddings'))),
    });
    service = new SegmentService({
      modelsDir,
      engines,
      project: () => store,
      now: () => new Date(),
      viewCacheDir: join(tmp.dir, 'views'),
    });
  });

  afterAll(async () => {
    await service.dispose();
    await engines.dispose();
    store.close();
    tmp.cleanup();
  });

  it('reports sam-onnx as active, from the models folder', async () => {
    const status = await service.status();
    expect(status.segmenter).toEqual({
      engine: 'sam-onnx',
      modelId: 'mobile-sam',
      reason: `sam-onnx: MobileSAM (TinyViT encoder, SAM mask decoder) from ${join(models, 'mobile-sam')}`,
    });
  });

  it('prepares the image in the background, then a click answers with ranked masks around the point', async () => {
    expect(service.prepare(project, [imageId])).toEqual([imageId]);
    await service.idle();
    const click = { point: [320, 180] as [number, number], positive: true };
    const first = await service.run({
      project,
      imageId,
      prompt: { points: [click], box: null },
      multimask: true,
      selected: 0,
    });
    expect(first).toMatchObject({ engine: 'sam-onnx', modelId: 'mobile-sam', refined: false });
    expect(first.candidates).toHaveLength(3);
    expect(first.candidates.map((c) => c.score)).toEqual(
      [...first.candidates.map((c) => c.score)].sort((a, b) => b - a),
    );
    for (const c of first.candidates) {
      const mask = rleToMask(c.rle);
      expect([mask.width, mask.height]).toEqual([640, 360]);
      expect(mask.data[180 * 640 + 320]).toBe(1);
    }
    // The encoder ran during prepare: the click itself found the embedding cached.
    expect(first.timings.prepareMs).toBeLessThan(50);

    const second = await service.run({
      project,
      imageId,
      prompt: { points: [click, { point: [340, 180], positive: false }], box: null },
      multimask: false,
      selected: 0,
    });
    expect(second.refined).toBe(true);
    expect(second.candidates).toHaveLength(1);
    expect(rleToMask(second.candidates[0]!.rle).data[180 * 640 + 340]).toBe(0);
    expect(store.listModelRuns(imageId).map((r) => [r.engine, r.status])).toEqual([
      ['sam-onnx', 'ok'],
      ['sam-onnx', 'ok'],
    ]);
  });

  it('segments in view: the encoder sees the crop at 1024 px, so the mask is the decoder disk at the crop scale, at the click', async () => {
    const click = { point: [320, 180] as [number, number], positive: true };
    const ask = (view?: [number, number, number, number]) =>
      service.run({
        project,
        imageId,
        prompt: { points: [click], box: null },
        multimask: false,
        selected: 0,
        view,
      });
    // The best-scored token (the one answer when multimask is off) has radius 40 in the 1024 frame: 40 / 1.6 px
    // on the 640 px wide image, 40 / 6.4 px in a 160 px wide crop.
    const disk = (radius: number) => {
      const m = createMask(640, 360);
      for (let y = 0; y < 360; y++)
        for (let x = 0; x < 640; x++)
          if ((x + 0.5 - 320) ** 2 + (y + 0.5 - 180) ** 2 < radius ** 2) m.data[y * 640 + x] = 1;
      return maskToRle(m);
    };
    const whole = await ask();
    const inView = await ask([240, 135, 400, 225]);
    expect(inView.view).toEqual([240, 135, 400, 225]);
    expect(rleIou(whole.candidates[0]!.rle, disk(40 / 1.6))).toBeGreaterThan(0.95);
    expect(rleIou(inView.candidates[0]!.rle, disk(40 / 6.4))).toBeGreaterThan(0.9);
    expect(inView.candidates[0]!.rle.size).toEqual([360, 640]);
    const [x1, y1, x2, y2] = inView.candidates[0]!.box;
    expect(Math.abs((x1 + x2) / 2 - 320)).toBeLessThanOrEqual(1);
    expect(Math.abs((y1 + y2) / 2 - 180)).toBeLessThanOrEqual(1);
  });
});
