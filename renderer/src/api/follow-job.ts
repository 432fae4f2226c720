// Following a background job to its end: the job's events are the fast path, a poll of jobs.get catches any
// that a reconnect lost. Every screen that starts a job follows it through this one function.
import type { JobInfo } from '../../../shared/api';
import type { StudioEvent } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';

export interface JobProgress {
  done: number;
  total: number;
  /** What the job is at (e.g. the file being downloaded), when its events say. */
  message?: string;
}

/** Where jobs are read from: the API's jobs.get and the transport's event stream. */
export interface JobSource {
  get(input: { jobId: string }): Promise<JobInfo>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
}

export interface FollowOptions {
  /** How often jobs.get is asked while no event ends the job; 1 s unless told. */
  pollMs?: number;
  /** Stops following (the job itself goes on); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type FollowJob = (
  jobId: string,
  onProgress: (progress: JobProgress) => void,
  options?: FollowOptions,
) => Promise<JobInfo>;

/**
 * A followJob over `source`: it reports progress while the job runs and resolves with the job as jobs.get
 * gives it once it is no longer running (done, failed or cancelled: the caller reads `state`). Losing contact
 * with the studio (io_error) is waited out; any other error (e.g. the job is not known) rejects.
 */
export function createFollowJob(source: JobSource): FollowJob {
  return (jobId, onProgress, { pollMs = 1000, signal } = {}) =>
    new Promise<JobInfo>((resolve, reject) => {
      let over = false;
      // Set when an event says the job ended: the next read comes at once instead of after pollMs.
      let ended = false;
      let wake: (() => void) | null = null;
      const pause = () =>
        new Promise<void>((woken) => {
          const timer = setTimeout(() => wake?.(), pollMs);
          wake = () => {
            clearTimeout(timer);
            wake = null;
            woken();
          };
        });
      const end = (settle: () => void) => {
        if (over) return;
        over = true;
        off();
        signal?.removeEventListener('abort', onAbort);
        wake?.();
        settle();
      };
      const onAbort = () => end(() => reject(signal?.reason));

      const off = source.onEvent((event) => {
        if (over || event.type === 'batch.progress' || event.jobId !== jobId) return;
        if (event.type === 'job.progress')
          onProgress({ done: event.done, total: event.total, message: event.message });
        else {
          ended = true;
          wake?.();
        }
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort);

      void (async () => {
        while (!over) {
          ended = false;
          try {
            const job = await source.get({ jobId });
            if (over) return;
            if (job.state !== 'running') return end(() => resolve(job));
            onProgress({ done: job.done, total: job.total });
          } catch (err) {
            if (over) return;
            if (!(err instanceof StudioError && err.code === 'io_error')) return end(() => reject(err));
          }
          if (!ended) await pause();
        }
      })();
    });
}
