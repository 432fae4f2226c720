// `npx tsx scripts/bench/sagemaker.ts`: SageMaker endpoints against the local emulator on loopback.
// 1. Client-side overhead per masks call on a 1280x720 driving frame (image prep + SDK + SigV4 + HTTP + JSON +
//    RLE validation/mapping, plus the emulator's own protocol work) = wall time minus the container's compute,
//    as a ratio to that compute; for the image sent as is and for a forced re-encode (maxSide 1024).
// 2. Embedding mode: the first click (embedding fetched as float16 over the wire, cached) and the following
//    clicks (local decoder), against the local SAM engine's clicks on the same test models.
// Prints one JSON object.
import { join } from 'node:path';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry, modelFile } from '../../electron/inference/models/manifest';
import { prepareImage } from '../../electron/inference/sagemaker/image-prep';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import { SagemakerSamSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam';
import { SagemakerEmbeddingSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam-embedding';
import type { EngineImage, SegmentPrompt } from '../../electron/inference/segmenter';
import { hashFile } from '../../electron/media/hash-file';
import { encoderFromLocalSam } from '../emulators/sagemaker/local-sam-encoder';
import { RequestImages } from '../emulators/sagemaker/request-images';
import { samContainer } from '../emulators/sagemaker/sam-container';
import { startSagemakerEmulator } from '../emulators/sagemaker/server';
import { TEST_CREDENTIALS } from '../emulators/sagemaker/sigv4';
import { writeSamTestModels } from '../../test/helpers/sam-test-models';
import { sharedPath } from '../../test/helpers/shared-assets';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { median } from './lib/stats';

const CALLS = 15;
const CLICKS = 40;
const round = (v: number, digits = 1) => Number(v.toFixed(digits));

const tmp = makeTempDir('vps-bench-sagemaker-');
const modelDir = join(tmp.dir, 'models');
const entry = writeSamTestModels(modelDir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph');
const emulatorCache = new EmbeddingCache({ maxMemoryMB: 64, dir: null });
const localSamForEmulator = createLocalSamSegmenter({ entry, modelDir, cache: emulatorCache });
const classical = new ClassicalSegmenter();
const images = new RequestImages(join(tmp.dir, 'emulator'));
const emulator = await startSagemakerEmulator({
  containers: {
    sam: samContainer({ segmenter: classical, images }),
    'sam-embedding': samContainer({
      segmenter: localSamForEmulator,
      encoder: encoderFromLocalSam(localSamForEmulator, emulatorCache),
      images,
    }),
  },
});
const client = () =>
  createRuntimeClient({ region: 'us-east-1', endpointUrl: emulator.url, credentials: TEST_CREDENTIALS });

const path = sharedPath('data', 'driving-sample', 'bdd100k_det', '12305469-7a4947e7.jpg');
const image: EngineImage = { sha256: await hashFile(path), path, width: 1280, height: 720 };
const prompt: SegmentPrompt = { points: [], box: [909, 316, 1128, 495], previous: null };

/** Per call: wall time in the client, compute in the container, their difference. */
async function overhead(maxSide?: number) {
  const firstPrep = performance.now();
  const prepared = await prepareImage(image, { maxSide });
  const prepMs = performance.now() - firstPrep;
  const segmenter = new SagemakerSamSegmenter({ client: client(), endpointName: 'sam', maxSide });
  const walls: number[] = [];
  const computes: number[] = [];
  for (let i = 0; i < CALLS + 2; i++) {
    const start = performance.now();
    await segmenter.segment(image, prompt, { multimask: false });
    const wall = performance.now() - start;
    if (i < 2) continue; // warm-up: connection, engine caches
    walls.push(wall);
    computes.push(emulator.invocations.at(-1)!.computeMs);
  }
  await segmenter.dispose();
  const over = walls.map((w, i) => w - computes[i]!);
  return {
    sentAsIs: prepared.original,
    sentSize: `${prepared.width}x${prepared.height}`,
    requestKB: round(emulator.invocations.at(-1)!.requestBytes / 1024),
    imagePrepMsOncePerImage: round(prepMs),
    medianWallMs: round(median(walls)),
    medianEmulatorComputeMs: round(median(computes)),
    medianOverheadMs: round(median(over)),
    overheadRatioToCompute: round(median(over) / median(computes), 3),
  };
}

const asIs = await overhead();
const reencoded = await overhead(1024);

// Embedding mode vs the local engine on the same (tiny test) models: the per-click work is the decoder either
// way; what differs is where the embedding came from.
const clickAt = (i: number): SegmentPrompt => ({
  points: [{ point: [200 + ((i * 37) % 900), 150 + ((i * 53) % 450)], positive: true }],
  box: null,
  previous: null,
});
const local = createLocalSamSegmenter({
  entry,
  modelDir,
  cache: new EmbeddingCache({ maxMemoryMB: 64, dir: null }),
});
const localEncodeStart = performance.now();
await local.prepare(image);
const localEncodeMs = performance.now() - localEncodeStart;
const decoder = modelFile(entry, 'decoder');
const remote = new SagemakerEmbeddingSegmenter({
  client: client(),
  endpointName: 'sam-embedding',
  modelId: 'bench-endpoint',
  cache: new EmbeddingCache({ maxMemoryMB: 64, dir: join(tmp.dir, 'project-cache') }),
  decoderPath: join(modelDir, decoder.file),
  decoderContract: decoder,
});
const firstStart = performance.now();
await remote.segment(image, clickAt(0), { multimask: true });
const firstClickMs = performance.now() - firstStart;
const embeddingFetch = emulator.invocations.at(-1)!;
await local.segment(image, clickAt(0), { multimask: true });
const localClicks: number[] = [];
const remoteClicks: number[] = [];
for (let i = 1; i <= CLICKS; i++) {
  // Interleaved, alternating which goes first, so both see the same machine load.
  const runs = [
    async () => {
      const t = performance.now();
      await local.segment(image, clickAt(i), { multimask: true });
      localClicks.push(performance.now() - t);
    },
    async () => {
      const t = performance.now();
      await remote.segment(image, clickAt(i), { multimask: true });
      remoteClicks.push(performance.now() - t);
    },
  ];
  if (i % 2) runs.reverse();
  for (const run of runs) await run();
}

console.log(
  JSON.stringify({
    image: '1280x720 JPEG (BDD100K frame)',
    masksCall: { asIs, reencoded },
    targetOverheadMs: 15,
    embeddingMode: {
      models:
        'tiny known-answer SAM-shaped test models (no SAM weights here): the decoder cost is not a real one',
      firstClickMs: round(firstClickMs),
      firstClickEmulatorEncodeMs: round(embeddingFetch.computeMs),
      localEncodeMs: round(localEncodeMs),
      endpointCalls: remote.endpointCalls,
      medianClickMs: round(median(remoteClicks), 2),
      localMedianClickMs: round(median(localClicks), 2),
      clickRatioToLocal: round(median(remoteClicks) / median(localClicks), 3),
      targetRatio: 1.2,
    },
  }),
);

await remote.dispose();
await local.dispose();
await localSamForEmulator.dispose();
await classical.dispose();
await emulator.close();
tmp.cleanup();
