// The batch queue on a real project file with a scripted job kind: states, retries, throttling, stop and
// resume, and that no image is written twice.
import { describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import type { BatchKind, BatchOutput, BatchProposal } from '../../../electron/jobs/batch-kind';
import { BatchQueue } from '../../../electron/jobs/batch-queue';
import { EventBus } from '../../../electron/jobs/event-bus';
import type { ProjectStore } from '../../../electron/store/project-store';
import { loggerOf, type LogFields } from '../../../shared/logs/logger';
import { newImage, newProject } from '../store/store-fixtures';

type Script = (imageId: number, call: number) => Promise<void> | void;

function scriptedKind(script: Script, provider: 'local' | 'endpoint' = 'endpoint') {
  const calls = new Map<number, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const kind: BatchKind = {
    kind: 'chain',
    prepare: async () => ({ spec: { test: true }, name: 'scripted' }),
    open: async () => ({
      provider,
      async process(imageId): Promise<BatchOutput> {
        const call = (calls.get(imageId) ?? 0) + 1;
        calls.set(imageId, call);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await script(imageId, call);
        } finally {
          inFlight--;
        }
        const proposals: BatchProposal[] = [
          {
            labelId: null,
            kind: 'box',
            geometry: { kind: 'box', box: [0, 0, 2, 2] },
            rle: null,
            source: 'model',
            modelId: 'scripted',
            promptId: null,
            score: 0.9,
            reviewState: 'proposed',
            modelPrompt: 'detect-class car',
          },
        ];
        return { proposals };
      },
      close: () => undefined,
    }),
  };
  return { kind, calls, maxInFlight: () => maxInFlight };
}

function setup(images: number, kind: BatchKind, concurrency = 4) {
  const logged: { level: string; event: string; fields: LogFields }[] = [];
  const { store } = newProject();
  store.insertImages(Array.from({ length: images }, (_, i) => newImage(i + 1)));
  const events = new EventBus();
  const seen: StudioEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const queue = new BatchQueue({
    kinds: [kind],
    events,
    maxConcurrency: async () => concurrency,
    sleep: async () => undefined,
    random: () => 0.5,
    log: loggerOf((level, _component, event, fields) => logged.push({ level, event, fields }), 'batch'),
  });
  return { store, queue, seen, logged };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function run(queue: BatchQueue, store: ProjectStore, settings = { maxAttempts: 4 }) {
  const job = await queue.create(store, { kind: 'chain', images: { all: true }, settings });
  queue.start(store, job.id);
  return queue.settled(store, job.id);
}

function proposalsPerImage(store: ProjectStore, jobId: number) {
  const ids = store.imageIdsMatching({});
  return ids.map((id) => store.listAnnotations(id).filter((a) => a.jobId === jobId).length);
}

describe('BatchQueue', () => {
  it('runs every image once, tags proposals with the job and prompt, within the concurrency', async () => {
    const s = scriptedKind(async () => void (await tick()));
    const { store, queue, seen } = setup(20, s.kind, 3);
    const job = await run(queue, store);
    expect(job).toMatchObject({ status: 'done', total: 20, proposals: 20 });
    expect(job.counts).toMatchObject({ done: 20, pending: 0, failed: 0 });
    expect(proposalsPerImage(store, job.id)).toEqual(Array(20).fill(1));
    const [first] = store.listAnnotations(1);
    expect(first).toMatchObject({ jobId: job.id, modelPrompt: 'detect-class car', reviewState: 'proposed' });
    expect(s.maxInFlight()).toBe(3);
    const last = seen.filter((e) => e.type === 'batch.progress').at(-1);
    expect(last).toMatchObject({ job: { status: 'done' } });
  });

  it('retries an endpoint that is unavailable, then marks the image failed with the reason and attempts', async () => {
    const s = scriptedKind((id, call) => {
      if (id === 2 || (id === 3 && call < 3))
        throw new StudioError('endpoint_unavailable', "Endpoint 'sam' is failing (500)", { status: 500 });
    });
    const { store, queue, logged } = setup(4, s.kind);
    const job = await run(queue, store, { maxAttempts: 3 });
    expect(job.counts).toMatchObject({ done: 3, failed: 1 });
    // The log: the start, the image that failed with the endpoint's status and attempts, the end with counts.
    expect(logged.map((l) => [l.level, l.event])).toEqual([
      ['info', 'started'],
      ['warn', 'image_failed'],
      ['info', 'finished'],
    ]);
    expect(logged[1]!.fields).toMatchObject({
      jobId: job.id,
      imageId: 2,
      attempts: 3,
      code: 'endpoint_unavailable',
      status: 500,
    });
    expect(logged[2]!.fields).toMatchObject({ status: 'done', counts: { done: 3, failed: 1 } });
    const { items } = store.readBatch((b) => b.items(job.id, ['failed'], 0, 10));
    expect(items).toEqual([
      expect.objectContaining({
        imageId: 2,
        attempts: 3,
        reason: "Endpoint 'sam' is failing (500) (the image was tried 3 times)",
      }),
    ]);
    expect(s.calls.get(3)).toBe(3);
    expect(proposalsPerImage(store, job.id)).toEqual([1, 0, 1, 1]);
  });

  it('does not retry a malformed answer, and skips an image whose file is gone', async () => {
    const s = scriptedKind((id) => {
      if (id === 1) throw new StudioError('endpoint_failed', 'The endpoint answered with malformed JSON');
      if (id === 2) throw new StudioError('not_found', 'The image file /photos/img-2.jpg is missing.');
    });
    const { store, queue } = setup(3, s.kind);
    const job = await run(queue, store);
    expect(job.counts).toMatchObject({ done: 1, failed: 1, skipped: 1 });
    expect(s.calls.get(1)).toBe(1);
    const { items } = store.readBatch((b) => b.items(job.id, undefined, 0, 10));
    expect(items.map((i) => [i.state, i.reason])).toEqual([
      ['failed', 'The endpoint answered with malformed JSON'],
      ['skipped', 'The image file /photos/img-2.jpg is missing.'],
      ['done', null],
    ]);
  });

  it('halves the calls in flight when the endpoint throttles', async () => {
    let throttles = 0;
    const concurrencies: number[] = [];
    const s = scriptedKind(async (_id, call) => {
      await tick(2);
      if (call === 1 && throttles < 6) {
        throttles++;
        throw new StudioError('endpoint_unavailable', 'throttled', {
          awsError: 'ThrottlingException',
          status: 400,
        });
      }
    });
    const { store, queue, seen } = setup(40, s.kind, 8);
    const job = await run(queue, store);
    for (const e of seen)
      if (e.type === 'batch.progress' && e.concurrency > 0) concurrencies.push(e.concurrency);
    expect(job.counts.done).toBe(40);
    expect(Math.min(...concurrencies)).toBeLessThan(8);
    expect(proposalsPerImage(store, job.id)).toEqual(Array(40).fill(1));
  });

  it('stops the job when the model is missing, leaving the images pending for a resume', async () => {
    let missing = true;
    const s = scriptedKind(() => {
      if (missing) throw new StudioError('model_missing', 'No detector.');
    });
    const { store, queue } = setup(5, s.kind);
    const job = await run(queue, store);
    expect(job).toMatchObject({ status: 'failed', error: 'No detector.' });
    expect(job.counts.pending).toBe(5);
    missing = false;
    queue.resume(store, job.id);
    expect(await queue.settled(store, job.id)).toMatchObject({ status: 'done', counts: { done: 5 } });
  });

  it('pauses and resumes: images done stay done, each image is written once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = scriptedKind(async (id) => {
      if (id > 3) await gate;
    });
    const { store, queue } = setup(10, s.kind, 2);
    const created = await queue.create(store, {
      kind: 'chain',
      images: { all: true },
      settings: { maxAttempts: 4 },
    });
    queue.start(store, created.id);
    while (store.readBatch((b) => b.get(created.id)).counts.done < 3) await tick();
    const paused = await queue.pause(store, created.id);
    release();
    expect(paused.status).toBe('paused');
    expect(paused.counts.done).toBe(3);
    expect(paused.counts.running).toBe(0);
    queue.resume(store, created.id);
    const done = await queue.settled(store, created.id);
    expect(done.counts.done).toBe(10);
    expect(proposalsPerImage(store, created.id)).toEqual(Array(10).fill(1));
  });

  it('finds a job a dead process left running and resumes it from where it stopped', async () => {
    const s = scriptedKind(() => undefined);
    const { store, queue } = setup(6, s.kind);
    const job = await queue.create(store, {
      kind: 'chain',
      images: { all: true },
      settings: { maxAttempts: 4 },
    });
    // What a process killed mid-run leaves: the job running under its (dead) runner, two images done, one running.
    store.writeBatch((b) => {
      b.claim(job.id, 'elsewhere:999999999:dead', Date.now() - 60_000);
      for (const id of [1, 2, 3]) b.startItem(job.id, id);
    });
    store.finishBatchItem(job.id, 1, [], 1);
    store.finishBatchItem(job.id, 2, [], 1);
    const interrupted = queue.recover(store);
    expect(interrupted.map((j) => [j.id, j.status])).toEqual([[job.id, 'interrupted']]);
    expect(interrupted[0]!.counts).toMatchObject({ done: 2, pending: 4, running: 0 });
    queue.resume(store, job.id);
    const final = await queue.settled(store, job.id);
    expect(final.counts.done).toBe(6);
    expect(s.calls.get(1)).toBeUndefined();
    expect(s.calls.get(3)).toBe(1);
  });

  it('refuses to start a job another live process is running', async () => {
    const s = scriptedKind(() => undefined);
    const { store, queue } = setup(2, s.kind);
    const job = await queue.create(store, {
      kind: 'chain',
      images: { all: true },
      settings: { maxAttempts: 4 },
    });
    store.writeBatch((b) => b.claim(job.id, `other-host:${process.pid}:x`, Date.now()));
    expect(() => queue.start(store, job.id)).toThrow(/running in another window or process/);
    expect(queue.recover(store)).toEqual([]);
  });

  it('cancels: what was done stays, the rest stays pending and the job does not start again by itself', async () => {
    const s = scriptedKind(async (id) => {
      if (id > 2) await new Promise(() => undefined);
    });
    const { store, queue } = setup(6, s.kind, 1);
    const job = await queue.create(store, {
      kind: 'chain',
      images: { all: true },
      settings: { maxAttempts: 4 },
    });
    queue.start(store, job.id);
    while (store.readBatch((b) => b.get(job.id)).counts.done < 2) await tick();
    const cancelled = await queue.cancel(store, job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { done: 2, pending: 4, running: 0 } });
    expect(queue.recover(store)).toEqual([]);
    expect(proposalsPerImage(store, job.id)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('retries failed images on request', async () => {
    let broken = true;
    const s = scriptedKind((id) => {
      if (broken && id === 1) throw new StudioError('engine_failed', 'boom');
    });
    const { store, queue } = setup(3, s.kind);
    const job = await run(queue, store);
    expect(job.counts.failed).toBe(1);
    broken = false;
    queue.retryFailed(store, job.id);
    expect(await queue.settled(store, job.id)).toMatchObject({ counts: { done: 3, failed: 0 } });
    expect(proposalsPerImage(store, job.id)).toEqual([1, 1, 1]);
  });

  it('refuses an empty image set', async () => {
    const s = scriptedKind(() => undefined);
    const { store, queue } = setup(2, s.kind);
    await expect(
      queue.create(store, {
        kind: 'chain',
        images: { filter: { status: 'done' } },
        settings: { maxAttempts: 4 },
      }),
    ).rejects.toThrow('No images match');
  });
});
