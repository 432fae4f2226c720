// `npx tsx scripts/bench/async.ts [--images 10000] [--instances 4]`: SageMaker Asynchronous Inference (issue 15)
// end to end through the studio's dispatch, against s3rver and the emulator's async endpoints in a child process
// (a real endpoint is not in the studio's process: the figures are the studio's).
// 1. An 'async-prelabel' job over N small generated PNGs on an async Grounded-SAM endpoint with a fixed 200 ms
//    service time and I emulated instances: images/s vs the endpoint's capacity (I / 0.2 s), request bytes
//    uploaded per image (the request objects in S3 / images), HeadObject polls per image, and the studio's RSS
//    every 250 ms: first-quarter max vs last-quarter max.
// 2. Clicks after precomputing: an 'async-embeddings' job over 40 frames (the emulator's async SAM endpoint runs
//    the local SAM engine on known-answer test models), then the first and a later click on each frame through
//    segment.run: the medians, and the endpoint requests the clicks made (0 expected).
// Progress on stderr; one JSON object printed last on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { BatchJob } from '../../shared/api/batch';
import type { SegmentRunResult } from '../../shared/api/segment';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { ImageRecord } from '../../shared/domain';
import { useEmulatorKeys } from '../../test/helpers/aws-env';
import { startAsyncRig } from '../../test/helpers/async-endpoints';
import { padOnnx, writeSamTestModels } from '../../test/helpers/sam-test-models';
import { createTestStudio, projectWithImages, studioCaller } from '../../test/helpers/studio-server';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { fixedGroundedContainer } from '../emulators/sagemaker/fixed-container';
import { encoderFromLocalSam } from '../emulators/sagemaker/local-sam-encoder';
import { RequestImages } from '../emulators/sagemaker/request-images';
import { samContainer } from '../emulators/sagemaker/sam-container';
import { makeImages, settle } from './lib/batch-jobs';
import { median } from './lib/stats';

const SERVICE_MS = 200;
const CLICK_FRAMES = 40;
/** Frames left out of the embeddings job: their first click waits for the async endpoint (the contrast). */
const NOT_EMBEDDED = 5;
const RSS_EVERY_MS = 250;
const SELF = import.meta.filename;
const round = (v: number, digits = 1) => Number(v.toFixed(digits));
const log = (line: string) => process.stderr.write(`[bench async] ${line}\n`);

interface ChildStats {
  received: number;
  samReceived: number;
  distinct: number;
  outputs: number;
  requestObjects: number;
  requestBytes: number;
  heads: number;
}

// ---- The emulator child: s3rver + async 'grounded-async' (fixed 200 ms) and 'sam-async' (local SAM, test models).
if (process.argv[2] === '--emulator') {
  const [dir, instances] = [process.argv[3]!, Number(process.argv[4])];
  const samDir = join(dir, 'models', 'mobile-sam');
  const entry = writeSamTestModels(samDir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph');
  const cache = new EmbeddingCache({ maxMemoryMB: 128, dir: null });
  const engine = createLocalSamSegmenter({ entry, modelDir: samDir, cache });
  const rig = await startAsyncRig({
    dir,
    asyncContainers: {
      'grounded-async': fixedGroundedContainer(),
      'sam-async': samContainer({
        segmenter: engine,
        encoder: encoderFromLocalSam(engine, cache),
        images: new RequestImages(join(dir, 'emulator-images')),
      }),
    },
    instances,
    serviceMs: SERVICE_MS,
  });
  // What the studio sends S3: HeadObject calls (upload checks and polls), and the request objects it puts.
  let heads = 0;
  let requestObjects = 0;
  let requestBytes = 0;
  process.stdout.write(`${JSON.stringify({ settings: rig.settings, s3: rig.s3.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'heads') heads = requestObjects = requestBytes = 0;
    if (line !== 'stats') return;
    const e = rig.endpoints['grounded-async']!;
    const stats: ChildStats = {
      received: e.received.length,
      samReceived: rig.endpoints['sam-async']!.received.length,
      distinct: new Set(e.received.map((r) => r.inputKey)).size,
      outputs: e.outcomes.filter((o) => o.outcome === 'output').length,
      requestObjects,
      requestBytes,
      heads,
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  });
  rig.s3.onRequest((req) => {
    if (req.method === 'HEAD') heads++;
    if (req.method === 'PUT' && req.url?.includes('/studio/requests/')) {
      requestObjects++;
      requestBytes += Number(req.headers['content-length'] ?? 0);
    }
  });
  process.stdin.on('end', () => void rig.close().then(() => engine.dispose().then(() => process.exit(0))));
} else await main();

async function startEmulatorChild(dir: string, instances: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', SELF, '--emulator', dir, String(instances)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  let waiting: ((line: string) => void) | null = null;
  lines.on('line', (line) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(line);
    } else queue.push(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      waiting = resolve;
      child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    });
  const hello = JSON.parse(await nextLine()) as { settings: Record<string, unknown> };
  return {
    settings: hello.settings,
    child,
    async stats(): Promise<ChildStats> {
      child.stdin!.write('stats\n');
      return JSON.parse(await nextLine()) as ChildStats;
    },
    resetHeads: () => child.stdin!.write('heads\n'),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { images: { type: 'string', default: '10000' }, instances: { type: 'string', default: '4' } },
  });
  const IMAGES = Number(values.images);
  const INSTANCES = Number(values.instances);
  const tmp = makeTempDir('vps-bench-async-');
  useEmulatorKeys();
  const emulator = await startEmulatorChild(join(tmp.dir, 'rig'), INSTANCES);
  const capacity = INSTANCES / (SERVICE_MS / 1000);
  log(`emulator up: ${INSTANCES} instances x ${SERVICE_MS} ms = ${capacity} requests/s`);
  const results: Record<string, unknown> = { images: IMAGES, instances: INSTANCES, serviceMs: SERVICE_MS };
  try {
    // ---- 1: throughput, bytes, polls, memory.
    const folder = join(tmp.dir, 'small');
    let t = performance.now();
    await makeImages(folder, IMAGES, (i) => ({ width: 64, height: 48, format: 'png', pattern: i + 1 }));
    log(`${IMAGES} PNGs in ${round((performance.now() - t) / 1000)} s`);
    let studio = createTestStudio(join(tmp.dir, 's1'), {
      env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'none') },
    });
    let { call } = studioCaller(() => studio);
    t = performance.now();
    const { project } = await projectWithImages(call, join(tmp.dir, 's1'), folder);
    log(`imported in ${round((performance.now() - t) / 1000)} s`);
    // In flight: enough that requests always wait in the endpoint's queue while answers are looked for and read.
    const inFlight = INSTANCES * 8;
    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...emulator.settings,
        asyncGroundedSamEndpoint: 'grounded-async',
        asyncSamEndpoint: 'sam-async',
        asyncInFlight: inFlight,
      },
    });
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), RSS_EVERY_MS);
    emulator.resetHeads();
    t = performance.now();
    const created = await call<BatchJob>('batch.create', {
      project,
      kind: 'async-prelabel',
      spec: { via: 'grounded-sam', text: 'car' },
      images: { all: true },
    });
    const job = await settle(studio, project, created.id, 40);
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    log(`job ${job.status} after ${round(seconds)} s: ${JSON.stringify(job.counts)} ${job.error ?? ''}`);
    if (job.counts.failed)
      log(
        `failed: ${JSON.stringify(
          (
            await call<{ items: { reason: string | null }[] }>('batch.items', {
              project,
              jobId: job.id,
              states: ['failed'],
              limit: 3,
            })
          ).items.map((i) => i.reason),
        )}`,
      );
    const stats = await emulator.stats();
    const perSec = job.counts.done / seconds;
    const quarter = Math.max(1, Math.floor(rss.length / 4));
    const mb = (b: number) => round(b / 1024 / 1024);
    results.prelabel = {
      status: job.status,
      done: job.counts.done,
      failed: job.counts.failed,
      proposals: job.proposals,
      seconds: round(seconds),
      imagesPerSec: round(perSec),
      capacityPerSec: capacity,
      ofCapacity: round(perSec / capacity, 3),
      inFlight,
      requestsReceived: stats.received,
      requestsSentTwice: stats.received - stats.distinct,
      uploadBytesPerImage: Math.round(stats.requestBytes / stats.requestObjects),
      requestObjects: stats.requestObjects,
      headObjectPerImage: round(stats.heads / job.counts.done, 2),
      rssFirstQuarterMaxMB: mb(Math.max(...rss.slice(0, quarter))),
      rssLastQuarterMaxMB: mb(Math.max(...rss.slice(-quarter))),
    };
    log(`prelabel: ${JSON.stringify(results.prelabel)}`);
    await studio.close();

    // ---- 2: clicks on precomputed frames.
    const frames = join(tmp.dir, 'frames');
    await makeImages(frames, CLICK_FRAMES, (i) => ({
      width: 640,
      height: 360,
      format: 'png',
      pattern: i + 1,
      texture: true,
    }));
    // The studio finds the same test models as MobileSAM's, padded to the manifest's sizes: its decoder runs
    // the clicks, the child's encoder embedded the frames.
    const entry = modelEntry(MANIFEST, 'mobile-sam');
    const studioModels = join(tmp.dir, 'studio-models');
    const samDir = join(studioModels, 'mobile-sam');
    const written = writeSamTestModels(samDir, entry, 'sam-hwc-in-graph');
    for (const f of written.files) padOnnx(join(samDir, f.file), f.sizeBytes!);
    studio = createTestStudio(join(tmp.dir, 's2'), { env: { VISPROMPT_MODELS_DIR: studioModels } });
    ({ call } = studioCaller(() => studio));
    const made = await projectWithImages(call, join(tmp.dir, 's2'), frames);
    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...emulator.settings,
        asyncSamEndpoint: 'sam-async',
        embeddingMode: true,
        asyncInFlight: 8,
      },
    });
    t = performance.now();
    const embedJob = await settle(
      studio,
      made.project,
      (
        await call<BatchJob>('batch.create', {
          project: made.project,
          kind: 'async-embeddings',
          images: { imageIds: made.images.slice(0, -NOT_EMBEDDED).map((i) => i.id) },
        })
      ).id,
      40,
    );
    const embedSeconds = (performance.now() - t) / 1000;
    const before = (await emulator.stats()).samReceived;
    log(
      `embeddings job: ${embedJob.status}, ${JSON.stringify(embedJob.counts)} of ${embedJob.total}; ${before} requests`,
    );
    const first: number[] = [];
    const later: number[] = [];
    const click = async (image: ImageRecord, x: number) => {
      const started = performance.now();
      const r = await call<SegmentRunResult>('segment.run', {
        project: made.project,
        imageId: image.id,
        prompt: { points: [{ point: [x, 150], positive: true }], box: null },
        multimask: false,
        selected: 0,
      });
      if (r.engine !== 'sagemaker-sam-embedding') throw new Error(`clicked with ${r.engine}`);
      return performance.now() - started;
    };
    // The decoder's session starts on the very first click of the studio: not a per-frame cost.
    await click(made.images[0]!, 100);
    for (const image of made.images.slice(0, -NOT_EMBEDDED)) {
      first.push(await click(image, 200));
      later.push(await click(image, 300));
    }
    const after = await emulator.stats();
    const cold: number[] = [];
    for (const image of made.images.slice(-NOT_EMBEDDED)) cold.push(await click(image, 200));
    results.clicks = {
      frames: made.images.length - NOT_EMBEDDED,
      embedJobSeconds: round(embedSeconds, 2),
      embedJob: embedJob.status,
      firstClickMedianMs: round(median(first), 1),
      laterClickMedianMs: round(median(later), 1),
      firstOverLater: round(median(first) / median(later), 2),
      firstClickNotPrecomputedMedianMs: round(median(cold), 1),
      embedRequests: before,
      requestsDuringClicks: after.samReceived - before,
    };
    log(`clicks: ${JSON.stringify(results.clicks)}`);
    await studio.close();
  } finally {
    emulator.child.stdin!.end();
    await new Promise((r) => emulator.child.once('exit', r));
    tmp.cleanup();
  }
  console.log(JSON.stringify(results, null, 2));
}
