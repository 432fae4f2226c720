// Batch pre-labeling jobs of the open project: read them, start one, pause / resume / cancel / retry, and take
// in their progress events. A job's proposals reach the library as it goes (a coalesced reload).
import type { BATCH_KINDS, BatchJob, BatchSettings, ImageSet } from '../../../../shared/api/batch';
import type { ChainInput } from '../../../../shared/chains/schema';
import type { StudioEvent } from '../../../../shared/domain';
import { api } from '../../api';
import { applyBatchEvent, applyBatchJob, applyBatchList } from '../../jobs/batch-view';
import { attempt, toast, update } from '../app';
import { reloadSoon } from './images';
import { openPath, refreshProject } from './open-project';

export async function loadBatchJobs(project: string): Promise<void> {
  const jobs = await attempt(() => api.batch.list({ project }));
  if (jobs) update((s) => ({ ...s, batch: applyBatchList(s.batch, project, jobs) }));
}

export function onBatchEvent(event: Extract<StudioEvent, { type: 'batch.progress' }>): void {
  update((s) => ({ ...s, batch: applyBatchEvent(s.batch, event) }));
  if (event.project !== openPath()) return;
  reloadSoon();
  if (event.job.status !== 'running') void refreshProject();
}

export interface NewBatchJob {
  /** A saved chain, or one given inline (the library's Detect: a one-step detector chain); or another kind
   * with its spec (the async kinds). */
  chainId?: number;
  chain?: ChainInput;
  kind?: (typeof BATCH_KINDS)[number];
  spec?: unknown;
  images: ImageSet;
  name?: string;
  settings: Partial<BatchSettings>;
}

/** Makes and starts a job; the job, or undefined when it could not start (a toast says why). */
export async function startBatchJob(project: string, input: NewBatchJob): Promise<BatchJob | undefined> {
  const job = await attempt(() =>
    api.batch.create({
      project,
      ...(input.kind
        ? { kind: input.kind, spec: input.spec }
        : input.chainId !== undefined
          ? { chainId: input.chainId }
          : { chain: input.chain }),
      images: input.images,
      ...(input.name ? { name: input.name } : {}),
      settings: { maxAttempts: 4, ...input.settings },
    }),
  );
  if (job) {
    update((s) => ({ ...s, batch: applyBatchJob(s.batch, project, job) }));
    toast('info', `Pre-labeling ${job.total} images: “${job.name}”.`);
  }
  return job;
}

type JobAction = 'pause' | 'resume' | 'cancel' | 'retryFailed';

export async function batchAction(project: string, jobId: number, action: JobAction): Promise<void> {
  const job = await attempt(() => api.batch[action]({ project, jobId }));
  if (job) update((s) => ({ ...s, batch: applyBatchJob(s.batch, project, job) }));
}
