// Batch pre-labeling jobs against the real SageMaker emulator when the endpoint misbehaves: a burst of 5xx, a
// burst of throttling, calls that time out, malformed bodies, and an image file gone before the job ran. The
// chain detects locally (GridDetector) and segments on the emulator's 'sam' endpoint through the real SDK
// client, as Settings > Model endpoints configure it. Each test checks the per-image account (state, attempts,
// reason) and that every done image holds exactly its item's proposals, never a duplicate.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { ChainEnginesInfo } from '../../shared/api/chains';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { Annotation, EndpointSettings, ImageRecord, StudioEvent } from '../../shared/domain';
import type { SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { useEmulatorKeys } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { startSegmentEndpoints } from '../helpers/segment-endpoints';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter, GridDetector } from './chains-fixtures';

const IMAGES = 6;
const TILES = 2;
/** Endpoint calls in flight at most (Settings > jobConcurrency). */
const CONCURRENCY = 4;
/**
 * More failing calls than the items in flight can make without one of them failing a batch attempt: each
 * endpoint call is tried 4 times (invoke-json's retries), so C items stuck on their first call make at most 3C
 * failed calls before one of them gives up and the batch queue retries (or backs off) the image.
 */
const BURST = 3 * CONCURRENCY + 1;

describe('batch jobs on a faulty SageMaker endpoint', () => {
  const root = makeTempDir('vps-batch-faults-');
  const saved = { ...process.env };
  const behindEndpoint = new BoxFillSegmenter();
  let emulator: SagemakerEmulator;
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let project: string;
  let images: ImageRecord[];
  let chainId: number;
  let segmentModel: string;
  const { call } = studioCaller(() => studio);

  const endpoints = (more: Partial<EndpointSettings> = {}): EndpointSettings => ({
    ...DEFAULT_ENDPOINT_SETTINGS,
    endpointUrl: emulator.url,
    samEndpoint: 'sam',
    embeddingMode: false,
    jobConcurrency: CONCURRENCY,
    ...more,
  });

  const settled = async (jobId: number, withinMs = 45_000) => {
    const until = Date.now() + withinMs;
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status} after ${withinMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const run = async (settings: { maxAttempts: number; concurrency?: number }) => {
    const made = await call<BatchJob>('batch.create', { project, chainId, images: { all: true }, settings });
    return settled(made.id);
  };

  /** The items, and per item the annotations carrying the job's id; asserts the proposal bookkeeping. */
  const account = async (job: BatchJob) => {
    const { items, total } = await call<{ items: BatchItem[]; total: number }>('batch.items', {
      project,
      jobId: job.id,
      limit: 1000,
    });
    expect(total).toBe(IMAGES);
    expect(items.map((i) => i.imageId).sort((a, b) => a - b)).toEqual(images.map((i) => i.id));
    const seen = new Set<number>();
    for (const item of items) {
      const anns = (await call<Annotation[]>('annotations.list', { project, imageId: item.imageId })).filter(
        (a) => a.jobId === job.id,
      );
      for (const a of anns) {
        expect(seen.has(a.id)).toBe(false);
        seen.add(a.id);
      }
      if (item.state === 'done') {
        expect(item.proposals).toBe(TILES);
        expect(anns).toHaveLength(item.proposals);
        expect(anns.every((a) => a.reviewState === 'proposed' && a.source === 'model')).toBe(true);
        // One proposal per tile: no tile written twice by a retried attempt.
        expect(new Set(anns.map((a) => JSON.stringify(a.geometry))).size).toBe(TILES);
      } else {
        expect(item.proposals).toBe(0);
        expect(anns).toEqual([]);
      }
    }
    expect(seen.size).toBe(job.proposals);
    expect(job.counts.pending + job.counts.running).toBe(0);
    return items;
  };

  beforeAll(async () => {
    useEmulatorKeys();
    emulator = await startSegmentEndpoints(root.dir, {
      segmenter: behindEndpoint,
      detector: new GridDetector(TILES),
    });
  });
  afterAll(async () => {
    process.env = saved;
    await emulator?.close();
    root.cleanup();
  });

  beforeEach(async () => {
    emulator.faults.clear();
    tmp = makeTempDir('vps-batch-faults-studio-');
    // A fresh studio per test: the batch queue's concurrency gate lives as long as the studio does.
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') },
      chainEngines: { detectors: [new GridDetector(TILES)] },
    });
    const folder = join(tmp.dir, 'frames');
    mkdirSync(folder);
    for (let i = 0; i < IMAGES; i++)
      await makeImage(folder, `f${i}.png`, { width: 96, height: 64, format: 'png', pattern: i + 1 });
    ({ project, images } = await projectWithImages(call, tmp.dir, folder));
    images.sort((a, b) => a.id - b.id);
    await call('settings.update', { endpoints: endpoints() });
    const engines = await call<ChainEnginesInfo>('chains.engines', {});
    const endpointSegmenter = engines.segmenters.find((s) => s.engine.startsWith('sagemaker'));
    expect(endpointSegmenter).toBeDefined();
    segmentModel = endpointSegmenter!.modelId;
    chainId = (
      await call<{ id: number }>('chains.save', {
        project,
        name: 'Tiles on SAM',
        chain: {
          steps: [
            { op: 'detect-class', classes: ['tile'] },
            { op: 'boxes-to-prompts' },
            { op: 'segment', model: segmentModel },
          ],
        },
      })
    ).id;
  });
  afterEach(async () => {
    emulator.faults.clear();
    await studio?.close();
    tmp.cleanup();
  });

  it('a burst of ServiceUnavailable: every image done, some after more than one attempt', async () => {
    const before = emulator.invocations.length;
    emulator.faults.set('sam', { error: 'ServiceUnavailable', times: BURST });
    const job = await run({ maxAttempts: 10 });
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ done: IMAGES, failed: 0, skipped: 0 });
    expect(job.proposals).toBe(IMAGES * TILES);
    const items = await account(job);
    expect(items.every((i) => i.state === 'done')).toBe(true);
    expect(items.some((i) => i.attempts > 1)).toBe(true);
    const calls = emulator.invocations.slice(before).filter((i) => i.endpoint === 'sam');
    expect(calls.filter((i) => i.status === 503)).toHaveLength(BURST);
    expect(calls.filter((i) => i.status === 200)).toHaveLength(IMAGES * TILES);
  });

  it('a burst of throttling: every image done, the concurrency lowered while it lasts', async () => {
    const events: StudioEvent[] = [];
    const unsubscribe = studio.events.subscribe((e) => events.push(e));
    emulator.faults.set('sam', { error: 'ThrottlingException', times: BURST });
    const job = await run({ maxAttempts: 10 });
    unsubscribe();
    expect(job.status).toBe('done');
    const items = await account(job);
    expect(items.every((i) => i.state === 'done')).toBe(true);
    expect(items.some((i) => i.attempts > 1)).toBe(true);
    const progress = events.flatMap((e) =>
      e.type === 'batch.progress' && e.job.id === job.id && e.job.status === 'running' ? [e] : [],
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.concurrency >= 1 && e.concurrency <= CONCURRENCY)).toBe(true);
    expect(Math.min(...progress.map((e) => e.concurrency))).toBeLessThan(CONCURRENCY);
  });

  it('every call times out: the images fail naming the timeout, and the job ends', async () => {
    await call('settings.update', { endpoints: endpoints({ requestTimeoutSec: 1, jobConcurrency: IMAGES }) });
    emulator.faults.set('sam', { latencyMs: 30_000 });
    const started = Date.now();
    const job = await run({ maxAttempts: 2 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(['done', 'failed']).toContain(job.status);
    expect(job.counts.done).toBe(0);
    expect(job.proposals).toBe(0);
    const items = await account(job);
    const failed = items.filter((i) => i.state === 'failed');
    if (job.status === 'done') expect(failed).toHaveLength(IMAGES);
    expect(failed.length).toBeGreaterThan(0);
    for (const item of failed) {
      expect(item.attempts).toBe(2);
      expect(item.reason).toMatch(/did not answer in time|time(d)? ?out/i);
    }
  }, 40_000);

  it('malformed bodies: those images fail with a clear reason, the others are done', async () => {
    const broken = 2;
    emulator.faults.set('sam', { malformedBody: true, times: broken });
    const job = await run({ maxAttempts: 4 });
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ done: IMAGES - broken, failed: broken, skipped: 0 });
    expect(job.proposals).toBe((IMAGES - broken) * TILES);
    const items = await account(job);
    for (const item of items.filter((i) => i.state === 'failed')) {
      // Not valid JSON is the container's fault: retrying would not help.
      expect(item.attempts).toBe(1);
      expect(item.reason).toMatch(/Endpoint 'sam' answered \d+ bytes that are not valid JSON/);
    }
  });

  it('an image file deleted after the import: skipped with the reason, the rest done', async () => {
    const gone = images[2]!;
    rmSync(gone.path);
    const job = await run({ maxAttempts: 4 });
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ done: IMAGES - 1, failed: 0, skipped: 1 });
    expect(job.proposals).toBe((IMAGES - 1) * TILES);
    const items = await account(job);
    const skipped = items.find((i) => i.imageId === gone.id)!;
    expect(skipped.state).toBe('skipped');
    expect(skipped.reason).toMatch(/No file/);
    expect(skipped.reason).toContain('f2.png');
  });
});
