import { randomUUID } from 'node:crypto';
import type { JobInfo } from '../../shared/api';
import { StudioError, toErrorInfo } from '../../shared/errors';
import { errorFields } from '../../shared/logs/error-fields';
import { noopLogger, type Logger } from '../../shared/logs/logger';
import type { EventBus } from './event-bus';

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

interface Job extends JobInfo {
  controller: AbortController;
  lastEmit: number;
}

const PROGRESS_INTERVAL_MS = 100;
const FINISHED_JOBS_KEPT = 50;

/** Runs long work in the background, reports progress on the event bus, keeps the outcome for `jobs.get`. */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: () => number = Date.now,
    private readonly log: Logger = noopLogger,
  ) {}

  start<T>(kind: string, work: (ctx: JobContext) => Promise<T>): string {
    const job: Job = {
      id: randomUUID(),
      kind,
      state: 'running',
      done: 0,
      total: 0,
      controller: new AbortController(),
      lastEmit: 0,
    };
    this.jobs.set(job.id, job);
    const started = this.clock();
    this.log.info('started', { jobId: job.id, kind });
    const ctx: JobContext = {
      signal: job.controller.signal,
      progress: (done, total, message) => {
        job.done = done;
        job.total = total;
        // Throttled: a 5,000-image import must not flood the socket; the last step always goes out.
        const now = this.clock();
        if (done < total && now - job.lastEmit < PROGRESS_INTERVAL_MS) return;
        job.lastEmit = now;
        this.events.emit({ type: 'job.progress', jobId: job.id, kind, done, total, message });
      },
    };
    // Deferred so the caller gets the id before the first event.
    queueMicrotask(() => {
      work(ctx).then(
        (result) => {
          job.state = job.controller.signal.aborted ? 'cancelled' : 'done';
          job.result = result;
          this.log.info(job.state === 'done' ? 'done' : 'cancelled', {
            jobId: job.id,
            kind,
            ms: this.clock() - started,
          });
          this.events.emit({ type: 'job.done', jobId: job.id, kind, result });
          this.prune();
        },
        (err: unknown) => {
          job.state = job.controller.signal.aborted ? 'cancelled' : 'failed';
          job.error = toErrorInfo(err);
          const fields = { jobId: job.id, kind, ...errorFields(err) };
          if (job.state === 'cancelled')
            this.log.info('cancelled', { ...fields, ms: this.clock() - started });
          else this.log[job.error.code === 'internal' ? 'error' : 'warn']('failed', fields);
          this.events.emit({ type: 'job.failed', jobId: job.id, kind, error: job.error });
          this.prune();
        },
      );
    });
    return job.id;
  }

  /** The kinds of the jobs running now (a restore waits until none writes to the project). */
  runningKinds(): string[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running').map((j) => j.kind);
  }

  get(id: string): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new StudioError('not_found', `No job ${id} (finished jobs are forgotten after a while).`);
    const { controller: _c, lastEmit: _l, ...info } = job;
    return info;
  }

  cancel(id: string): void {
    const job = this.jobs.get(id);
    if (!job) throw new StudioError('not_found', `No job ${id}.`);
    job.controller.abort();
  }

  /** Asks every running job to stop (on shutdown: an import must not hold the project open). */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.state === 'running') job.controller.abort();
  }

  /** Waits until every running job has finished (used on shutdown and in tests). */
  async idle(): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.state === 'running')) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT)))
      this.jobs.delete(job.id);
  }
}
