// Runs batch jobs kept in project files (schema v7). Per image: pending -> running -> done / failed / skipped,
// with the attempt count and the reason. An image's proposals and its 'done' are one transaction
// (ProjectStore.finishBatchItem), so a job killed at any moment has written each image fully or not at all, and
// resuming runs exactly the images not done. Calls go through one concurrency gate per provider (AIMD on
// throttling); endpoint errors that may pass are retried with full-jitter backoff.
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { BatchJob, BatchSettings, ImageSet } from '../../shared/api/batch';
import { backoffDelay, sleepUnlessAborted, type RetryPolicy } from '../../shared/backoff';
import { etaSeconds, itemsPerSecond, rateWindow, recordFinish } from '../../shared/batch/rate';
import { StudioError } from '../../shared/errors';
import { errorFields } from '../../shared/logs/error-fields';
import { noopLogger, type Logger } from '../../shared/logs/logger';
import type { ProjectStore } from '../store/project-store';
import type { BatchKind, BatchWork } from './batch-kind';
import { ConcurrencyGate } from './concurrency-gate';
import type { EventBus } from './event-bus';

export interface BatchQueueDeps {
  kinds: readonly BatchKind[];
  events: EventBus;
  /** The most calls in flight per provider: local engines by cores, endpoints by Settings. */
  maxConcurrency: (provider: BatchWork['provider']) => Promise<number>;
  clock?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How often a running job's row says it is alive; a row older than 3 beats is a dead runner's. */
  heartbeatMs?: number;
  backoff?: Omit<RetryPolicy, 'maxAttempts'>;
  /** Job starts and ends, images that failed (with the endpoint's name and status), never the images. */
  log?: Logger;
}

export interface CreateBatchInput {
  kind: string;
  name?: string;
  chainId?: number;
  chain?: unknown;
  spec?: unknown;
  images: ImageSet;
  settings: BatchSettings;
}

type StopAs = 'paused' | 'cancelled' | 'interrupted';

interface Run {
  controller: AbortController;
  stopAs: StopAs | null;
  done: Promise<BatchJob>;
}

const PROGRESS_INTERVAL_MS = 100;
const DEFAULT_BACKOFF = { baseDelayMs: 500, maxDelayMs: 30_000 };
// Errors that say the image itself cannot be used: skipped with the reason, the job goes on.
const SKIPS_IMAGE = new Set(['not_found', 'unreadable_image', 'image_too_large']);
// Errors every later image would meet too: the job stops (resume once fixed).
const STOPS_JOB = new Set([
  'model_missing',
  'model_invalid',
  'unauthorized',
  'io_error',
  'read_only',
  'locked',
]);

const abortableSleep = async (ms: number, signal: AbortSignal) => {
  await sleepUnlessAborted(ms, signal);
};

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StudioError('cancelled', 'Stopped.'));
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new StudioError('cancelled', 'Stopped.'));
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

const asStudioError = (err: unknown): StudioError =>
  err instanceof StudioError
    ? err
    : new StudioError('engine_failed', err instanceof Error ? err.message : String(err));

/** The endpoint said "slow down" (SageMaker ThrottlingException, HTTP 429), as errors.ts keeps it in details. */
function isThrottle(err: StudioError): boolean {
  const d = (err.details ?? {}) as { awsError?: string; status?: number };
  return d.awsError === 'ThrottlingException' || d.status === 429;
}

export class BatchQueue {
  /** This process's id in batch_jobs.runner: host and pid tell a dead runner of this machine at once. */
  readonly runnerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly kinds: Map<string, BatchKind>;
  private readonly runs = new Map<string, Run>();
  /** Runs whose end a full disk refused to write: retried on a timer until it lands or the job starts again. */
  private readonly unsaved = new Map<string, ReturnType<typeof setInterval>>();
  private readonly gates = new Map<BatchWork['provider'], ConcurrencyGate>();
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly heartbeatMs: number;
  private readonly backoff: Omit<RetryPolicy, 'maxAttempts'>;
  private readonly log: Logger;

  constructor(private readonly deps: BatchQueueDeps) {
    this.kinds = new Map(deps.kinds.map((k) => [k.kind, k]));
    this.clock = deps.clock ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? abortableSleep;
    this.heartbeatMs = deps.heartbeatMs ?? 2000;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.log = deps.log ?? noopLogger;
  }

  async create(store: ProjectStore, input: CreateBatchInput): Promise<BatchJob> {
    const kind = this.kind(input.kind);
    const imageIds = resolveImages(store, input.images);
    if (imageIds.length === 0)
      throw new StudioError('invalid_input', 'No images match: the job would do nothing.');
    const { spec, name } = await kind.prepare(store, input);
    return store.writeBatch((b) =>
      b.create({
        kind: kind.kind,
        name: input.name ?? name,
        spec,
        images: input.images,
        settings: input.settings,
        imageIds,
      }),
    );
  }

  /** Starts (or resumes) a job here; 'conflict' when another live process runs it. */
  start(store: ProjectStore, jobId: number): BatchJob {
    const key = runKey(store, jobId);
    if (this.runs.has(key)) return store.readBatch((b) => b.get(jobId));
    const job = store.writeBatch((b) => {
      const current = b.get(jobId);
      if (current.status === 'done' && current.counts.pending === 0)
        throw new StudioError('conflict', `Job ${jobId} is done: retry its failed images or make a new job.`);
      if (current.status === 'running' && this.runnerAlive(b.lease(jobId)))
        throw new StudioError('conflict', `Job ${jobId} is running in another window or process.`);
      return b.claim(jobId, this.runnerId, this.clock());
    });
    this.forgetUnsaved(key);
    const controller = new AbortController();
    // Each image in flight listens to the run's signal (and the SDK's call under it): up to 2x the concurrency,
    // which would print Node's "possible EventTarget memory leak" warning past 10.
    setMaxListeners(0, controller.signal);
    const run: Run = { controller, stopAs: null, done: Promise.resolve(job) };
    this.log.info('started', { jobId: job.id, kind: job.kind, counts: job.counts });
    run.done = this.execute(store, job, run).finally(() => this.runs.delete(key));
    this.runs.set(key, run);
    return job;
  }

  resume(store: ProjectStore, jobId: number): BatchJob {
    return this.start(store, jobId);
  }

  pause(store: ProjectStore, jobId: number): Promise<BatchJob> {
    return this.stop(store, jobId, 'paused');
  }

  cancel(store: ProjectStore, jobId: number): Promise<BatchJob> {
    return this.stop(store, jobId, 'cancelled');
  }

  retryFailed(store: ProjectStore, jobId: number): BatchJob {
    const retried = store.writeBatch((b) => b.retryFailed(jobId));
    if (retried === 0) throw new StudioError('conflict', `Job ${jobId} has no failed or skipped images.`);
    return this.start(store, jobId);
  }

  /**
   * Jobs a process that died left 'running' become 'interrupted' (their images in flight pending again);
   * returns every interrupted job of the project, for the studio to resume or ask about.
   */
  recover(store: ProjectStore): BatchJob[] {
    return store.writeBatch((b) => {
      for (const job of b.list(['running'])) {
        const key = runKey(store, job.id);
        if (this.runs.has(key) || this.unsaved.has(key)) continue;
        if (!this.runnerAlive(b.lease(job.id)))
          b.release(job.id, 'interrupted', 'The process running it stopped.');
      }
      return b.list(['interrupted']);
    });
  }

  /** The job when this process's run of it ends (at once when none). */
  async settled(store: ProjectStore, jobId: number): Promise<BatchJob> {
    const run = this.runs.get(runKey(store, jobId));
    return run ? run.done : store.readBatch((b) => b.get(jobId));
  }

  /** On shutdown: every run here stops as 'interrupted', so the next start resumes it. */
  async stopAll(): Promise<void> {
    const runs = [...this.runs.values()];
    // An end still unsaved stays so: the row keeps this (then dead) runner, and the next open recovers it.
    for (const key of [...this.unsaved.keys()]) this.forgetUnsaved(key);
    for (const run of runs) {
      run.stopAs ??= 'interrupted';
      run.controller.abort();
    }
    await Promise.allSettled(runs.map((r) => r.done));
  }

  private async stop(store: ProjectStore, jobId: number, as: StopAs): Promise<BatchJob> {
    const run = this.runs.get(runKey(store, jobId));
    if (run) {
      run.stopAs = as;
      run.controller.abort();
      return run.done;
    }
    return store.writeBatch((b) => {
      const job = b.get(jobId);
      if (job.status === 'running' && this.runnerAlive(b.lease(jobId)))
        throw new StudioError(
          'conflict',
          `Job ${jobId} is running in another window or process: stop it there.`,
        );
      if (job.status === 'done' || job.status === 'cancelled') return job;
      const stopped = b.release(jobId, as, null);
      this.forgetUnsaved(runKey(store, jobId));
      return stopped;
    });
  }

  private forgetUnsaved(key: string): void {
    clearInterval(this.unsaved.get(key));
    this.unsaved.delete(key);
  }

  private kind(kind: string): BatchKind {
    const found = this.kinds.get(kind);
    if (!found) throw new StudioError('invalid_input', `No batch job kind '${kind}'.`);
    return found;
  }

  private runnerAlive(lease: { runner: string | null; heartbeatAt: number | null }): boolean {
    if (!lease.runner || lease.heartbeatAt === null) return false;
    if (lease.runner === this.runnerId) return false;
    const [host, pid] = lease.runner.split(':');
    if (host === hostname() && pid !== undefined) {
      try {
        process.kill(Number(pid), 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
      }
    }
    return this.clock() - lease.heartbeatAt < 3 * this.heartbeatMs;
  }

  private gate(provider: BatchWork['provider'], max: number): ConcurrencyGate {
    let gate = this.gates.get(provider);
    if (!gate) {
      gate = new ConcurrencyGate({ min: 1, max });
      this.gates.set(provider, gate);
    } else gate.setMax(max);
    return gate;
  }

  private async execute(store: ProjectStore, job: BatchJob, run: Run): Promise<BatchJob> {
    const { signal } = run.controller;
    let work: BatchWork;
    try {
      work = await this.kind(job.kind).open(store, job.spec);
    } catch (err) {
      const e = asStudioError(err);
      return this.finish(store, job.id, 'failed', e.message);
    }
    const ceiling = job.settings.concurrency ?? (await this.deps.maxConcurrency(work.provider));
    const gate = this.gate(work.provider, ceiling);
    const rate = rateWindow();
    let lastEmit = 0;
    let stopJob: StudioError | null = null;
    const inFlight = new Map<number, Promise<void>>();

    const report = (force = false) => {
      const now = this.clock();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      const current = store.readBatch((b) => b.get(job.id));
      const perSec = itemsPerSecond(rate);
      const remaining = current.counts.pending + current.counts.running;
      this.deps.events.emit({
        type: 'batch.progress',
        project: store.path,
        job: current,
        rate: perSec,
        etaSec: etaSeconds(remaining, perSec),
        concurrency: gate.limit,
      });
    };
    const beat = setInterval(() => {
      try {
        store.writeBatch((b) => b.heartbeat(job.id, this.runnerId, this.clock()));
      } catch {
        // A busy or full database: the next item's write says so.
      }
    }, this.heartbeatMs);
    beat.unref?.();

    const processItem = async (imageId: number, firstAttempt: number): Promise<void> => {
      let attempts = firstAttempt;
      for (;;) {
        const started = this.clock();
        try {
          // A call that ignores the signal is left behind on stop: its late answer is never written.
          const output = await untilAborted(work.process(imageId, signal), signal);
          gate.succeeded();
          store.finishBatchItem(
            job.id,
            imageId,
            output.proposals.map((p) => ({ ...p, imageId })),
            this.clock() - started,
            { write: output.write, repeats: output.repeats ?? 0 },
          );
          recordFinish(rate, this.clock());
          return;
        } catch (err) {
          if (signal.aborted) return; // Back to pending when the run lets go.
          const e = asStudioError(err);
          if (e.code === 'cancelled') return;
          if (STOPS_JOB.has(e.code)) {
            stopJob ??= e;
            run.controller.abort();
            return;
          }
          if (SKIPS_IMAGE.has(e.code)) return this.settle(store, job.id, imageId, 'skipped', e.message);
          const retryable = e.code === 'endpoint_unavailable';
          if (retryable && isThrottle(e)) gate.throttled();
          if (!retryable || attempts >= job.settings.maxAttempts) {
            this.log.warn('image_failed', {
              jobId: job.id,
              kind: job.kind,
              imageId,
              attempts,
              ...errorFields(e),
            });
            return this.settle(store, job.id, imageId, 'failed', tries(e.message, attempts));
          }
          // The slot is given back while waiting, so a throttled endpoint really sees fewer calls.
          gate.release();
          try {
            await this.sleep(
              backoffDelay(attempts - 1, { ...this.backoff, maxAttempts: 0 }, this.random),
              signal,
            );
          } finally {
            await gate.acquire(new AbortController().signal);
          }
          if (signal.aborted) return;
          attempts = store.writeBatch((b) => b.retryItem(job.id, imageId, e.message));
        }
      }
    };

    try {
      for (;;) {
        if (signal.aborted) break;
        await gate.acquire(signal).catch(() => undefined);
        if (signal.aborted) {
          gate.release();
          break;
        }
        const next = store
          .readBatch((b) => b.nextPending(job.id, inFlight.size + 1))
          .find((id) => !inFlight.has(id));
        if (next === undefined) {
          gate.release();
          if (inFlight.size === 0) break;
          await Promise.race(inFlight.values());
          continue;
        }
        const { started, attempts } = store.writeBatch((b) => b.startItem(job.id, next));
        if (!started) {
          gate.release();
          continue;
        }
        const task = processItem(next, attempts)
          .catch((err: unknown) => {
            // A write that failed (disk full, database gone): stop, the image stays pending.
            stopJob ??= asStudioError(err);
            run.controller.abort();
          })
          .finally(() => {
            gate.release();
            inFlight.delete(next);
            try {
              report();
            } catch {
              // Reported on the next item or at the end.
            }
          });
        inFlight.set(next, task);
      }
      await Promise.allSettled(inFlight.values());
    } finally {
      clearInterval(beat);
      work.close();
    }

    const failure = stopJob as StudioError | null;
    const status = failure ? 'failed' : signal.aborted ? (run.stopAs ?? 'interrupted') : 'done';
    return this.finish(store, job.id, status, failure ? failure.message : null);
  }

  private settle(
    store: ProjectStore,
    jobId: number,
    imageId: number,
    state: 'failed' | 'skipped',
    reason: string,
  ) {
    store.writeBatch((b) => b.finishItem(jobId, imageId, { state, reason }));
  }

  private finish(
    store: ProjectStore,
    jobId: number,
    status: BatchJob['status'],
    error: string | null,
  ): BatchJob {
    let job: BatchJob;
    try {
      job = store.writeBatch((b) => b.release(jobId, status, error));
    } catch (err) {
      if (asStudioError(err).code !== 'io_error') throw err;
      // The full disk that stopped the run refuses its end too: say now how it ended (its images in flight are
      // pending again), and write it once the disk takes it; a resume before that supersedes it.
      const saved = store.readBatch((b) => b.get(jobId));
      const { pending, running } = saved.counts;
      job = { ...saved, status, error, counts: { ...saved.counts, pending: pending + running, running: 0 } };
      this.saveLater(store, jobId, status, error);
    }
    this.log[status === 'failed' ? 'warn' : 'info']('finished', {
      jobId,
      kind: job.kind,
      status,
      counts: job.counts,
      ...(error !== null && { error }),
    });
    this.deps.events.emit({
      type: 'batch.progress',
      project: store.path,
      job,
      rate: null,
      etaSec: null,
      concurrency: 0,
    });
    return job;
  }

  private saveLater(store: ProjectStore, jobId: number, status: BatchJob['status'], error: string | null) {
    const key = runKey(store, jobId);
    this.forgetUnsaved(key);
    const timer = setInterval(() => {
      try {
        store.writeBatch((b) => b.release(jobId, status, error));
      } catch (err) {
        if (asStudioError(err).code === 'io_error') return; // Still full: the next beat tries again.
      }
      this.forgetUnsaved(key);
    }, this.heartbeatMs);
    timer.unref?.();
    this.unsaved.set(key, timer);
  }
}

const runKey = (store: ProjectStore, jobId: number) => `${store.path}\n${jobId}`;
const tries = (message: string, attempts: number) =>
  // Said apart from the endpoint client's own retries, which the message may already count.
  attempts > 1 ? `${message} (the image was tried ${attempts} times)` : message;

function resolveImages(store: ProjectStore, images: ImageSet): number[] {
  if ('all' in images) return store.imageIdsMatching({});
  if ('filter' in images) return store.imageIdsMatching(images.filter);
  for (const id of images.imageIds) store.getImage(id);
  return [...new Set(images.imageIds)];
}
