// `npx tsx scripts/bench/segment-hover.ts`: the point tool's helpers. Hover previews per second with the
// classical engine on the real 1280x720 BDD100K frames (sequential, as the renderer sends them: one in flight,
// the cursor moving a few pixels each time), and with the local SAM engine (known-answer test models, the
// service's own cost). 'Segment in view' on a 3840x2160 image: the first click in a new view (crop cut and
// cached, encoder on the crop), a later one, and moving a crop's mask into the 4K frame run by run against
// decoding, pasting and re-encoding a full-size bitmap. Prints one JSON object.
import { join } from 'node:path';
import { MANIFEST } from '../../electron/inference/models/manifest';
import { ModelsDirConfig } from '../../electron/settings/models-dir';
import { builtInEngines, embeddingCache } from '../../electron/engines/built-in-engines';
import { EngineRegistry } from '../../electron/engines/engine-registry';
import { SegmentService } from '../../electron/segment/segment-service';
import { rleIntoImage } from '../../electron/segment/view-crop';
import { ProjectStore } from '../../electron/store/project-store';
import type { Box, Point } from '../../shared/domain';
import { createMask, maskToRle, pasteMask, rleToMask } from '../../shared/geometry';
import { makeImage } from '../../test/helpers/images';
import { writeSamTestManifest } from '../../test/helpers/sam-test-models';
import { DRIVING_SAMPLE, sharedPath } from '../../test/helpers/shared-assets';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { median, p95 } from './lib/stats';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();
const tmp = makeTempDir('vps-bench-hover-');
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

function serviceOver(modelsFolder: string, manifest = MANIFEST) {
  const store = ProjectStore.create(join(tmp.dir, `${Math.random()}.vpstudio`), { name: 'bench' });
  const modelsDir = new ModelsDirConfig(join(tmp.dir, 'data'), { VISPROMPT_MODELS_DIR: modelsFolder });
  const engines = new EngineRegistry({
    manifest,
    modelsDir,
    factories: builtInEngines(embeddingCache(join(tmp.dir, `emb-${Math.random()}`))),
  });
  const service = new SegmentService({
    modelsDir,
    engines,
    project: () => store,
    now: () => new Date(),
    viewCacheDir: join(tmp.dir, 'views'),
  });
  const add = (path: string, sha: string, width: number, height: number) => {
    store.insertImages([
      { path, sha256: sha.repeat(64), sizeBytes: 1, width, height, orientation: 1, format: 'png' },
    ]);
    return store.listImages({}, 0, 100).items.find((i) => i.path === path)!.id;
  };
  const close = async () => {
    await service.dispose();
    await engines.dispose();
    store.close();
  };
  return { store, service, add, close };
}

/** Sequential previews along a short cursor path around `at`: what one in flight allows per second. */
async function hover(s: SegmentService, project: string, imageId: number, at: Point, view?: Box) {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const point: Point = [at[0] + (i % 10) * 3, at[1] + Math.floor(i / 10) * 3];
    const started = performance.now();
    await s.run({
      project,
      imageId,
      prompt: { points: [{ point, positive: true }], box: null },
      multimask: false,
      selected: 0,
      preview: true,
      view,
    });
    times.push(performance.now() - started);
  }
  const ms = median(times.slice(3));
  return { medianMs: round(ms), p95Ms: round(p95(times.slice(3))), perSecond: round(1000 / ms) };
}

// --- classical on a real frame ---------------------------------------------------------------------------
const classical = serviceOver(sharedPath('models'));
const frame = join(DRIVING_SAMPLE, 'bdd100k_mots', '00091078-875c1f73-0000166.jpg');
const frameId = classical.add(frame, 'a', 1280, 720);
await classical.service.run({
  project: classical.store.path,
  imageId: frameId,
  prompt: { points: [{ point: [700, 350], positive: true }], box: null },
  multimask: true,
  selected: 0,
});
const classicalHover = await hover(classical.service, classical.store.path, frameId, [690, 360]);
const recorded = classical.store.listModelRuns(frameId).length;
await classical.close();

// --- local SAM (test models) on 1280x720 and segment in view on 4K -------------------------------------------
const manifest = writeSamTestManifest(join(tmp.dir, 'models'));
const sam = serviceOver(join(tmp.dir, 'models'), manifest);
const hd = await makeImage(tmp.dir, 'hd.png', { width: 1280, height: 720, format: 'png', texture: true });
const uhd = await makeImage(tmp.dir, 'uhd.png', { width: 3840, height: 2160, format: 'png', texture: true });
const hdId = sam.add(hd, 'b', 1280, 720);
const uhdId = sam.add(uhd, 'c', 3840, 2160);
sam.service.prepare(sam.store.path, [hdId, uhdId]);
await sam.service.idle();
const samHover = await hover(sam.service, sam.store.path, hdId, [640, 360]);

const click = async (view?: Box) => {
  const started = performance.now();
  await sam.service.run({
    project: sam.store.path,
    imageId: uhdId,
    prompt: { points: [{ point: [1900, 1000], positive: true }], box: null },
    multimask: true,
    selected: 0,
    view,
  });
  return round(performance.now() - started);
};
const wholeImageClickMs = await click();
const view: Box = [1600, 820, 2240, 1180];
const firstInViewClickMs = await click(view);
const laterInViewClicks: number[] = [];
for (let i = 0; i < 10; i++) laterInViewClicks.push(await click(view));
const samInViewHover = await hover(sam.service, sam.store.path, uhdId, [1900, 1000], view);
await sam.close();

// --- a crop's mask into the 4K frame ----------------------------------------------------------------------
const cropMask = createMask(640, 360);
for (let y = 60; y < 300; y++) for (let x = 100 + (y % 40); x < 520; x++) cropMask.data[y * 640 + x] = 1;
const cropRle = maskToRle(cropMask);
const timeOf = (work: () => void) => {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return round(median(times), 2);
};
const runByRunMs = timeOf(() => rleIntoImage(cropRle, view, 3840, 2160));
const viaBitmapMs = timeOf(() =>
  maskToRle(pasteMask(createMask(3840, 2160), rleToMask(cropRle), view[0], view[1])),
);
tmp.cleanup();

console.log(
  JSON.stringify({
    hoverClassical1280x720: { ...classicalHover, modelRunsRecorded: recorded },
    hoverSamTestModels1280x720: samHover,
    inView3840x2160SamTestModels: {
      view: '640x360',
      wholeImageClickMs,
      firstInViewClickMs,
      laterInViewClickMedianMs: round(median(laterInViewClicks)),
      hover: samInViewHover,
    },
    cropMaskInto4k: { runByRunMs, viaBitmapMs },
  }),
);
