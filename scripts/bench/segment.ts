// `npx tsx scripts/bench/segment.ts`: a click as the renderer sees it, through the real studio and the
// browser-mode HTTP transport, on the real 1280x720 BDD100K frames of ../shared/data with the engine that ships
// without downloads (classical): round trip per box and per point prompt, the server-side part, and what the
// service and the transport add around the engine (prompt checks, refinement state, model-run record, JSON,
// HTTP). Also the service's overhead around the local SAM engine with the test models. Prints one JSON object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SegmentRunResult } from '../../shared/api/segment';
import type { Box } from '../../shared/domain';
import { ModelsDirConfig } from '../../electron/settings/models-dir';
import { builtInEngines, embeddingCache } from '../../electron/engines/built-in-engines';
import { EngineRegistry } from '../../electron/engines/engine-registry';
import { SegmentService } from '../../electron/segment/segment-service';
import { ProjectStore } from '../../electron/store/project-store';
import { makeImage } from '../../test/helpers/images';
import { writeSamTestManifest } from '../../test/helpers/sam-test-models';
import { DRIVING_SAMPLE, sharedPath } from '../../test/helpers/shared-assets';
import { startTestServer } from '../../test/helpers/studio-server';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { median, p95 } from './lib/stats';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();
const tmp = makeTempDir('vps-bench-segment-');
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

// --- classical, over HTTP -------------------------------------------------------------------------------
const t = await startTestServer({ env: { VISPROMPT_MODELS_DIR: sharedPath('models') } });
const { ok } = t;
const { project, images } = await t.projectWithImages(join(DRIVING_SAMPLE, 'bdd100k_mots'));
const objects = images.flatMap((image) => {
  const json = readFileSync(image.path.replace(/\.jpg$/, '.json'), 'utf8');
  const labels = (
    JSON.parse(json) as { labels: { box2d: { x1: number; y1: number; x2: number; y2: number } }[] }[]
  )[0]!.labels;
  return labels
    .map((l) => [l.box2d.x1, l.box2d.y1, l.box2d.x2, l.box2d.y2] as Box)
    .filter((b) => (b[2] - b[0]) * (b[3] - b[1]) > 400)
    .map((box) => ({ imageId: image.id, box }));
});

let start = performance.now();
await ok('segment.run', {
  project,
  imageId: objects[0]!.imageId,
  prompt: { points: [], box: objects[0]!.box },
});
const coldFirstClickMs = performance.now() - start;

async function clicks(kind: 'box' | 'point') {
  const roundTrip: number[] = [];
  const server: number[] = [];
  const engine: number[] = [];
  for (const o of objects) {
    const centre: [number, number] = [(o.box[0] + o.box[2]) / 2, (o.box[1] + o.box[3]) / 2];
    const prompt =
      kind === 'box'
        ? { points: [], box: o.box }
        : { points: [{ point: centre, positive: true }], box: null };
    await ok('segment.reset', { project, imageId: o.imageId });
    start = performance.now();
    const r = await ok<SegmentRunResult>('segment.run', {
      project,
      imageId: o.imageId,
      prompt,
      multimask: false,
    });
    roundTrip.push(performance.now() - start);
    server.push(r.timings.totalMs);
    engine.push(r.timings.prepareMs + r.timings.segmentMs);
  }
  const around = server.map((s, i) => s - engine[i]!);
  const transport = roundTrip.map((t, i) => t - server[i]!);
  return {
    prompts: objects.length,
    roundTripMedianMs: round(median(roundTrip)),
    roundTripP95Ms: round(p95(roundTrip)),
    serviceOverheadMedianMs: round(median(around), 2),
    transportMedianMs: round(median(transport), 2),
  };
}
const classical = {
  coldFirstClickMs: round(coldFirstClickMs),
  box: await clicks('box'),
  point: await clicks('point'),
};
await t.stop();

// --- local SAM (test models): what the service adds around the engine ------------------------------------
const manifest = writeSamTestManifest(join(tmp.dir, 'models'));
const store = ProjectStore.create(join(tmp.dir, 's.vpstudio'), { name: 's' });
const path = await makeImage(tmp.dir, 'frame.png', {
  width: 1280,
  height: 720,
  format: 'png',
  texture: true,
});
store.insertImages([
  { path, sha256: 'b'.repeat(64), sizeBytes: 1, width: 1280, height: 720, orientation: 1, format: 'png' },
]);
const imageId = store.listImages({}, 0, 1).items[0]!.id;
const modelsDir = new ModelsDirConfig(join(tmp.dir, 'data2'), {
  VISPROMPT_MODELS_DIR: join(tmp.dir, 'models'),
});
const engines = new EngineRegistry({
  manifest,
  modelsDir,
  factories: builtInEngines(embeddingCache(join(tmp.dir, 'emb'))),
});
const service = new SegmentService({
  modelsDir,
  engines,
  project: () => store,
  now: () => new Date(),
});
service.prepare(store.path, [imageId]);
await service.idle();
const overhead: number[] = [];
for (let i = 0; i < 40; i++) {
  const points = Array.from({ length: 1 + (i % 4) }, (_, k) => ({
    point: [200 + 150 * k, 300 + (i % 7) * 30] as [number, number],
    positive: k % 2 === 0,
  }));
  const r = await service.run({
    project: store.path,
    imageId,
    prompt: { points, box: null },
    multimask: true,
    selected: 0,
  });
  if (i >= 5) overhead.push(r.timings.totalMs - r.timings.prepareMs - r.timings.segmentMs);
}
await service.dispose();
await engines.dispose();
store.close();
tmp.cleanup();

console.log(
  JSON.stringify({
    size: '1280x720',
    classicalOverHttp: classical,
    samServiceOverheadMedianMs: round(median(overhead), 2),
    samServiceOverheadP95Ms: round(p95(overhead), 2),
  }),
);
