// `npx tsx scripts/bench/chains.ts`: a 5-step chain (grounded detection -> score filter -> box prompts ->
// segment -> dedupe) on 100 distinct driving images, every model call going through the real SDK clients to the
// local emulators (SageMaker Grounded-SAM and SAM endpoints answered by PicoDet + the classical engine), the run
// recorded in a real project file. Reports the chain runner's overhead as a ratio to the model time: within the
// chain (step bookkeeping) and with the per-image recording in SQLite. Also times planning through the Bedrock
// emulator. Prints one JSON object.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { executeRun, requireRunnable } from '../../electron/chains/chain-runs';
import type { ChainEngines } from '../../electron/inference/segmenter';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockVisionLanguage } from '../../electron/inference/bedrock/converse';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import { SagemakerGroundedDetector } from '../../electron/inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam';
import { probeImage } from '../../electron/media/probe-image';
import { ProjectStore } from '../../electron/store/project-store';
import { chainContext } from '../../electron/chains/chain-runs';
import { startBedrockEmulator } from '../emulators/bedrock/server';
import { groundedContainer } from '../emulators/sagemaker/grounded-container';
import { RequestImages } from '../emulators/sagemaker/request-images';
import { samContainer } from '../emulators/sagemaker/sam-container';
import { startSagemakerEmulator } from '../emulators/sagemaker/server';
import { TEST_CREDENTIALS } from '../emulators/sagemaker/sigv4';
import { DRIVING_SAMPLE, PICODET_MODEL } from '../../test/helpers/shared-assets';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { exitUnlessSharedAssets } from './lib/shared-assets';

exitUnlessSharedAssets();

const IMAGES = 100;
const FRAMES = [
  'bdd100k_ins_seg/620a7840-33cada02.jpg',
  'bdd100k_det/12305469-7a4947e7.jpg',
  'bdd100k_mots/00091078-875c1f73-0000166.jpg',
  'bdd100k_mots/00091078-875c1f73-0000167.jpg',
  'bdd100k_sem_seg/91051a8d-dc9c6637.jpg',
].map((p) => join(DRIVING_SAMPLE, p));
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

const tmp = makeTempDir('vps-bench-chains-');
const folder = join(tmp.dir, 'images');
mkdirSync(folder);
// Distinct content per image (a slight brightness change), so no per-image cache answers twice.
const paths: string[] = [];
for (let i = 0; i < IMAGES; i++) {
  const out = join(folder, `frame-${String(i).padStart(3, '0')}.jpg`);
  if (i < FRAMES.length) copyFileSync(FRAMES[i]!, out);
  else
    await sharp(FRAMES[i % FRAMES.length]!)
      .modulate({ brightness: 1 + (i / IMAGES) * 0.05 })
      .jpeg({ quality: 90 })
      .toFile(out);
  paths.push(out);
}

const store = ProjectStore.create(join(tmp.dir, 'bench.vpstudio'), { name: 'bench' });
const probes = await Promise.all(paths.map((p) => probeImage(p, { maxMegapixels: 100 })));
store.insertImages(probes.map((p, i) => ({ ...p, path: paths[i]! })));
const imageIds = store.listImages({}, 0, IMAGES).items.map((i) => i.id);

const localSegmenter = new ClassicalSegmenter();
const localDetector = new PicoDetDetector({
  entry: modelEntry(MANIFEST, 'picodet-s-320-coco'),
  modelPath: PICODET_MODEL,
});
const requestImages = new RequestImages(join(tmp.dir, 'endpoint-images'));
const sagemaker = await startSagemakerEmulator({
  region: 'us-east-1',
  containers: {
    sam: samContainer({ segmenter: localSegmenter, images: requestImages }),
    'grounded-sam': groundedContainer({
      detector: localDetector,
      segmenter: localSegmenter,
      images: requestImages,
    }),
  },
});
const client = createRuntimeClient({
  region: 'us-east-1',
  endpointUrl: sagemaker.url,
  credentials: TEST_CREDENTIALS,
});
const engines: ChainEngines = {
  detectors: [new SagemakerGroundedDetector({ client, endpointName: 'grounded-sam', withMasks: false })],
  segmenters: [new SagemakerSamSegmenter({ client, endpointName: 'sam' })],
};

const chain = requireRunnable(
  {
    name: 'cars and people by box, on endpoints',
    steps: [
      { op: 'detect-text', text: 'car . person', minScore: 0.35 },
      { op: 'filter', minScore: 0.4, maxCount: 20 },
      { op: 'boxes-to-prompts' },
      { op: 'segment' },
      { op: 'dedupe', iou: 0.7 },
    ],
  },
  engines,
  store,
);

// Warm-up: connections, the classical worker, PicoDet's session.
const warm = store.writeChains((c) =>
  c.createRun({ chainId: null, name: 'warm-up', chain, imageIds: imageIds.slice(0, 2), replayOf: null }),
);
await executeRun(store, warm.id, engines);

const run = store.writeChains((c) =>
  c.createRun({ chainId: null, name: 'bench', chain, imageIds, replayOf: null }),
);
const started = performance.now();
const done = await executeRun(store, run.id, engines);
const wallMs = performance.now() - started;
const images = store.readChains((c) => c.runImages(run.id));
const stepMs = (op: string) =>
  images.reduce((s, i) => s + i.steps.filter((x) => x.op === op).reduce((t, x) => t + x.ms, 0), 0);

// Planning through the Bedrock emulator (real SDK client, HTTP/2, SigV4).
const bedrock = await startBedrockEmulator();
const bedrockClient = new BedrockRuntimeClient({
  region: 'us-east-1',
  endpoint: bedrock.url,
  credentials: TEST_CREDENTIALS,
});
const vision = new BedrockVisionLanguage(bedrockClient, 'anthropic.claude-3-5-sonnet-20240620-v1:0');
const ctx = chainContext({ detectors: [localDetector], segmenters: [localSegmenter] });
await vision.plan('segment all cars', ctx);
const planMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await vision.plan('segment all cars and people with points', ctx);
  planMs.push(performance.now() - t);
}
planMs.sort((a, b) => a - b);

const modelMs = done.modelMs;
console.log(
  JSON.stringify({
    images: IMAGES,
    steps: chain.steps.map((s) => s.op),
    status: done.status,
    regions: done.regionCount,
    segmentCalls: images.reduce((n, i) => n + (i.steps[3]?.inCount ?? 0), 0),
    modelMs: round(modelMs),
    chainMs: round(done.ms),
    runWallMs: round(wallMs),
    perImageMs: round(wallMs / IMAGES),
    detectStepMs: round(stepMs('detect-text')),
    segmentStepMs: round(stepMs('segment')),
    /** Step bookkeeping around the model calls (filter, prompts, dedupe, caps, timing), as a share of model time. */
    runnerOverheadRatio: round((done.ms - modelMs) / modelMs, 4),
    /** The same with each image's record written to SQLite (JSON of every step's regions, one transaction). */
    runnerOverheadWithRecordingRatio: round((wallMs - modelMs) / modelMs, 4),
    bedrockPlanMedianMs: round(planMs[planMs.length >> 1]!),
    target: '< 0.05',
  }),
);

bedrockClient.destroy();
client.destroy();
await bedrock.close();
await sagemaker.close();
await localSegmenter.dispose();
await localDetector.dispose();
store.close();
tmp.cleanup();
