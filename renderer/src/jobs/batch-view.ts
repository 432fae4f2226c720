// What the jobs panel shows of a batch job: the job as the studio last reported it, with the live figures only
// its progress events carry (images/s, time left, calls in flight). Pure, so the panel and the top bar's badge
// read one definition.
import type { BatchJob, BatchStatus } from '../../../shared/api/batch';
import type { StudioEvent } from '../../../shared/domain';

export interface BatchJobView {
  job: BatchJob;
  /** Images per second over the last ones finished; null until known or once the job stopped. */
  rate: number | null;
  etaSec: number | null;
  concurrency: number;
}

/** Jobs per project path, by job id. */
export type BatchViews = Record<string, Record<number, BatchJobView>>;

type BatchEvent = Extract<StudioEvent, { type: 'batch.progress' }>;

export const ACTIVE_STATUSES: readonly BatchStatus[] = ['queued', 'running'];
/** Statuses a job can be resumed from (its images not done are run). */
export const RESUMABLE_STATUSES: readonly BatchStatus[] = ['paused', 'interrupted', 'failed', 'cancelled'];

export function applyBatchEvent(views: BatchViews, event: BatchEvent): BatchViews {
  const project = views[event.project] ?? {};
  const view: BatchJobView = {
    job: event.job,
    rate: event.rate,
    etaSec: event.etaSec,
    concurrency: event.concurrency,
  };
  return { ...views, [event.project]: { ...project, [event.job.id]: view } };
}

/** A job's view: the live figures of `live` while the job is active, none once it stopped. */
function viewOf(job: BatchJob, live: BatchJobView | undefined): BatchJobView {
  const active = ACTIVE_STATUSES.includes(job.status);
  return {
    job,
    rate: active ? (live?.rate ?? null) : null,
    etaSec: active ? (live?.etaSec ?? null) : null,
    concurrency: active ? (live?.concurrency ?? 0) : 0,
  };
}

/** The list as read from batch.list: figures kept for jobs still running, dropped for the others. */
export function applyBatchList(views: BatchViews, project: string, jobs: readonly BatchJob[]): BatchViews {
  const before = views[project] ?? {};
  const next: Record<number, BatchJobView> = {};
  for (const job of jobs) {
    const live = ACTIVE_STATUSES.includes(job.status) ? before[job.id] : undefined;
    // An event newer than the list answer wins: its counts are never behind.
    const newer = live && finishedCount(live.job) > finishedCount(job) ? live.job : job;
    next[job.id] = viewOf(newer, live);
  }
  return { ...views, [project]: next };
}

export function applyBatchJob(views: BatchViews, project: string, job: BatchJob): BatchViews {
  return { ...views, [project]: { ...views[project], [job.id]: viewOf(job, views[project]?.[job.id]) } };
}

/** Images with an outcome: done, failed or skipped. */
export const finishedCount = (job: BatchJob) => job.counts.done + job.counts.failed + job.counts.skipped;

/** Share of the images with an outcome, 0..1. */
export const jobFraction = (job: BatchJob) => (job.total === 0 ? 1 : finishedCount(job) / job.total);

/** Newest first. */
export const sortedJobs = (jobs: Record<number, BatchJobView> | undefined): BatchJobView[] =>
  Object.values(jobs ?? {}).sort((a, b) => b.job.id - a.job.id);

/** The jobs screen's list: every kind but experiments, which the evaluation screen shows with their tables. */
export function jobsScreenList(jobs: Record<number, BatchJobView> | undefined): {
  shown: BatchJobView[];
  experiments: number;
} {
  const all = sortedJobs(jobs);
  const shown = all.filter((v) => v.job.kind !== 'eval');
  return { shown, experiments: all.length - shown.length };
}

export const STATUS_TEXT: Record<BatchStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Stopped on an error',
};
