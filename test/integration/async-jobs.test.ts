// The two async job kinds through the studio's API, against s3rver and the emulator's async endpoints with the
// real SDK clients: 'async-embeddings' fills the embedding cache (an async SAM endpoint running the local SAM
// engine on known-answer test models), after which clicks on those images decode locally with no request;
// 'async-prelabel' lands proposals in the review queue; endpoint faults become failed images with their reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { Detector } from '../../electron/inference/segmenter';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { SegmentRunResult } from '../../shared/api/segment';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { Annotation, ImageRecord } from '../../shared/domain';
import { fixedGroundedContainer } from '../../scripts/emulators/sagemaker/fixed-container';
import { encoderFromLocalSam } from '../../scripts/emulators/sagemaker/local-sam-encoder';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startAsyncRig, type AsyncRig } from '../helpers/async-endpoints';
import { useEmulatorKeys } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { padOnnx, writeSamTestModels } from '../helpers/sam-test-models';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { startVisprompt } from '../helpers/visprompt-cli';

const IMAGES = 6;

/** The local class detector of the SAM way: a car and a person wherever the image. */
const twoBoxes: Detector = {
  engine: 'fixed',
  modelId: 'fixed',
  classes: ['car', 'person'],
  detect: async () => [
    { label: 'car', classId: 0, score: 0.9, box: [8, 8, 50, 40] },
    { label: 'person', classId: 1, score: 0.8, box: [55, 10, 90, 60] },
  ],
  dispose: async () => {},
};

describe('async job kinds', () => {
  const tmp = makeTempDir('vps-async-jobs-');
  const saved = { ...process.env };
  // The studio finds the test models where MobileSAM's go, padded to the manifest's sizes (an unknown protobuf
  // field, which ONNX parsers skip): embedding mode decodes with their decoder, the endpoint encodes with them.
  const modelsDir = join(tmp.dir, 'models');
  const samDir = join(modelsDir, 'mobile-sam');
  const entry = writeSamTestModels(samDir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph');
  for (const f of entry.files) padOnnx(join(samDir, f.file), f.sizeBytes!);
  const engineCache = new EmbeddingCache({ maxMemoryMB: 64, dir: null });
  const engine = createLocalSamSegmenter({ entry, modelDir: samDir, cache: engineCache });
  let rig: AsyncRig;
  let studio: Studio;
  let project: string;
  let images: ImageRecord[];
  const { call } = studioCaller(() => studio);

  const settle = async (job: BatchJob) => {
    for (;;) {
      const now = await call<BatchJob>('batch.get', { project, jobId: job.id });
      if (now.status !== 'running' && now.status !== 'queued') return now;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const served = (name: string) => rig.endpoints[name]!.outcomes;
  /** `visprompt` as a child process, without blocking this process (the emulator answers from it). */
  const runCli = async (args: string[]) => {
    const child = startVisprompt(args, { VISPROMPT_MODELS_DIR: modelsDir });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    useEmulatorKeys();
    rig = await startAsyncRig({
      dir: tmp.dir,
      asyncContainers: {
        'sam-async': samContainer({
          segmenter: engine,
          encoder: encoderFromLocalSam(engine, engineCache),
          images: new RequestImages(join(tmp.dir, 'emulator')),
        }),
        'grounded-async': fixedGroundedContainer({ box: [2, 2, 20, 16], delayMs: 5 }),
      },
      instances: 3,
    });
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: modelsDir },
      chainEngines: { detectors: [twoBoxes] },
    });
    const frames = join(tmp.dir, 'frames');
    for (let i = 1; i <= IMAGES; i++)
      await makeImage(frames, `f${i}.png`, {
        width: 96,
        height: 64,
        format: 'png',
        pattern: i,
        texture: true,
      });
    ({ project, images } = await projectWithImages(call, tmp.dir, frames));
    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...rig.settings,
        asyncSamEndpoint: 'sam-async',
        asyncGroundedSamEndpoint: 'grounded-async',
        embeddingMode: true,
        asyncInFlight: 4,
      },
    });
  });

  afterAll(async () => {
    process.env = saved;
    await studio?.close();
    await rig?.close();
    await engine.dispose();
    tmp.cleanup();
  });

  it('precomputes every embedding once; clicks then decode locally with no request', async () => {
    const job = await settle(
      await call<BatchJob>('batch.create', { project, kind: 'async-embeddings', images: { all: true } }),
    );
    expect(job).toMatchObject({ status: 'done', proposals: 0, name: 'SAM embeddings (sam-async)' });
    expect(job.counts).toMatchObject({ done: IMAGES, failed: 0, skipped: 0 });
    expect(served('sam-async').map((o) => o.outcome)).toEqual(Array(IMAGES).fill('output'));
    for (const image of images)
      expect(
        existsSync(
          join(tmp.dir, 'data', 'cache', 'embeddings', 'sagemaker-sam-async', `${image.sha256}.emb`),
        ),
      ).toBe(true);

    // A click on each image: the cache answers, the async endpoint sees nothing more, masks are the engine's.
    for (const image of images) {
      const click = await call<SegmentRunResult>('segment.run', {
        project,
        imageId: image.id,
        prompt: { points: [{ point: [40, 30], positive: true }], box: null },
        multimask: false,
        selected: 0,
      });
      expect(click.engine).toBe('sagemaker-sam-embedding');
      const local = await engine.segment(
        { sha256: image.sha256, path: image.path, width: image.width, height: image.height },
        { points: [{ point: [40, 30], positive: true }], box: null, previous: null },
        { multimask: false },
      );
      expect(click.candidates[0]!.rle).toEqual(local.candidates[0]!.rle);
    }
    expect(served('sam-async')).toHaveLength(IMAGES);

    // The same job again costs no request: every image is cached.
    const again = await settle(
      await call<BatchJob>('batch.create', { project, kind: 'async-embeddings', images: { all: true } }),
    );
    expect(again.counts.done).toBe(IMAGES);
    expect(served('sam-async')).toHaveLength(IMAGES);
  });

  it('pre-labels through the async Grounded-SAM endpoint into the review queue', async () => {
    const before = served('grounded-async').length;
    const job = await settle(
      await call<BatchJob>('batch.create', {
        project,
        kind: 'async-prelabel',
        spec: { via: 'grounded-sam', text: 'car . person' },
        images: { all: true },
      }),
    );
    expect(job).toMatchObject({ status: 'done', proposals: IMAGES * 2 });
    expect(served('grounded-async').length - before).toBe(IMAGES);
    const list = await call<Annotation[]>('annotations.list', { project, imageId: images[0]!.id });
    const proposals = list.filter((a) => a.jobId === job.id);
    expect(proposals.map((a) => [a.reviewState, a.geometry])).toEqual([
      ['proposed', { kind: 'box', box: [2, 2, 20, 16] }],
      ['proposed', { kind: 'box', box: [2, 2, 20, 16] }],
    ]);
    const queue = await call<{ total: number }>('review.queue', { project, filter: { jobIds: [job.id] } });
    expect(queue.total).toBe(IMAGES);
  });

  it('pre-labels with local boxes segmented by the async SAM endpoint, one request per image', async () => {
    const before = served('sam-async').length;
    const job = await settle(
      await call<BatchJob>('batch.create', {
        project,
        kind: 'async-prelabel',
        spec: { via: 'sam', classes: ['car', 'person'] },
        images: { imageIds: [images[0]!.id, images[1]!.id] },
      }),
    );
    expect(job).toMatchObject({ status: 'done', proposals: 4 });
    expect(served('sam-async').length - before).toBe(2);
    const image = images[1]!;
    const masks = (await call<Annotation[]>('annotations.list', { project, imageId: image.id }))
      .filter((a) => a.jobId === job.id)
      .map((a) => a.rle);
    const local = [];
    for (const box of [
      [8, 8, 50, 40],
      [55, 10, 90, 60],
    ] as const)
      local.push(
        (
          await engine.segment(
            { sha256: image.sha256, path: image.path, width: image.width, height: image.height },
            { points: [], box: [...box], previous: null },
            { multimask: false },
          )
        ).candidates[0]!.rle,
      );
    expect(masks).toEqual(local);
  });

  it("an image the model fails is failed with the model's message; a full queue is waited out", async () => {
    rig.emulator.faults.set('grounded-async', { queueFull: true, times: 2 });
    const job = await call<BatchJob>('batch.create', {
      project,
      kind: 'async-prelabel',
      spec: { via: 'grounded-sam', text: 'bus' },
      images: { imageIds: [images[0]!.id, images[1]!.id] },
      settings: { maxAttempts: 3, concurrency: 1 },
      start: false,
    });
    rig.emulator.faults.set('grounded-async', {
      modelError: { status: 500, message: 'weights not loaded' },
      times: 1,
    });
    const done = await settle(await call<BatchJob>('batch.resume', { project, jobId: job.id }));
    expect(done.counts).toMatchObject({ done: 1, failed: 1 });
    const items = await call<{ items: { state: string; reason: string | null }[] }>('batch.items', {
      project,
      jobId: job.id,
      states: ['failed'],
    });
    expect(items.items[0]!.reason).toMatch(
      /model behind endpoint 'grounded-async' failed .*weights not loaded/,
    );
  });

  it('the CLI says the request count and cost, then runs the job to its end', async () => {
    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...rig.settings,
        asyncSamEndpoint: 'sam-async',
        asyncGroundedSamEndpoint: 'grounded-async',
        asyncInstanceType: 'ml.g5.xlarge',
        asyncPricePerHour: 1.41,
        asyncSecondsPerRequest: 0.6,
      },
    });
    const { code, stdout, stderr } = await runCli([
      'jobs',
      'run',
      '--project',
      project,
      '--data-dir',
      join(tmp.dir, 'data'),
      '--kind',
      'async-prelabel',
      '--text',
      'truck',
      '--ids',
      images.map((i) => i.id).join(','),
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      `${IMAGES} requests on ml.g5.xlarge: 4 s of instance time at 0.6 s each, about < 0.01 at 1.41/h`,
    );
    const job = JSON.parse(stdout) as BatchJob;
    expect(job).toMatchObject({ kind: 'async-prelabel', status: 'done', proposals: IMAGES });

    // Embeddings from the CLI: every image is in the cache already (the first test), so nothing is sent.
    const samBefore = served('sam-async').length;
    const embed = await runCli([
      'jobs',
      'run',
      '--project',
      project,
      '--data-dir',
      join(tmp.dir, 'data'),
      '--kind',
      'async-embeddings',
    ]);
    expect(embed.code, embed.stderr).toBe(0);
    expect(embed.stderr).toContain(`At most ${IMAGES} requests on ml.g5.xlarge`);
    expect(JSON.parse(embed.stdout)).toMatchObject({
      kind: 'async-embeddings',
      status: 'done',
      total: IMAGES,
    });
    expect(served('sam-async').length).toBe(samBefore);
  });

  it('a job without an async endpoint set up says what to set', async () => {
    await call('settings.update', {
      endpoints: { ...DEFAULT_ENDPOINT_SETTINGS, ...rig.settings, asyncSamEndpoint: '' },
    });
    await expect(
      call('batch.create', { project, kind: 'async-embeddings', images: { all: true } }),
    ).rejects.toThrow(/needs an async SAM endpoint and an S3 bucket: set them in Settings > Model endpoints/);
  });
});
