// Folder imports as jobs: start one, follow it (events, and followJob for any a reconnect lost), and take in its
// outcome once, whichever project is open by then.
import type { ImportReport, StudioEvent } from '../../../../shared/domain';
import { api, followJob } from '../../api';
import { plural } from '../../../../shared/counts';
import { applyJobEvent, applyJobInfo, applyJobProgress, trackJob, type JobView } from '../app-state';
import { attempt, toast, update } from '../app';
import { onBatchEvent } from './batch';
import { loadImages, reloadSoon } from './images';
import { openPath, refreshProject, state } from './open-project';

export async function importFolder(folder: string): Promise<void> {
  const project = openPath();
  if (!project) return;
  const started = await attempt(() => api.images.importFolder({ project, folder, recursive: true }));
  if (!started) return;
  update((s) => ({ ...s, importReport: null, jobs: trackJob(s.jobs, started.jobId, 'import', project) }));
  settleJobs();
  void watchJob(started.jobId);
}

export async function cancelJob(jobId: string): Promise<void> {
  await attempt(() => api.jobs.cancel({ jobId }));
}

export function dismissImportReport(): void {
  update((s) => ({ ...s, importReport: null }));
}

export function onJobEvent(event: StudioEvent): void {
  if (event.type === 'batch.progress') return onBatchEvent(event);
  update((s) => ({ ...s, jobs: applyJobEvent(s.jobs, event) }));
  const job = state().jobs[event.jobId];
  if (event.type === 'job.progress' && job?.kind === 'import' && job.project && job.project === openPath()) {
    reloadSoon();
  }
  settleJobs();
}

/** Follows a job while it runs: events are the fast path, this catches any that a reconnect lost. */
async function watchJob(jobId: string): Promise<void> {
  try {
    const info = await followJob(
      jobId,
      (progress) => update((s) => ({ ...s, jobs: applyJobProgress(s.jobs, jobId, progress) })),
      { pollMs: 1500 },
    );
    update((s) => ({ ...s, jobs: applyJobInfo(s.jobs, info) }));
    settleJobs();
  } catch {
    // The studio no longer knows the job (it restarted): nothing more to learn about it.
  }
}

/** Takes in the outcome of every finished job this window started, once. */
function settleJobs(): void {
  const finished = Object.values(state().jobs).filter(
    (j) => j.project && j.state !== 'running' && !j.settled,
  );
  if (finished.length === 0) return;
  update((s) => {
    const jobs = { ...s.jobs };
    for (const j of finished) jobs[j.id] = { ...j, settled: true };
    return { ...s, jobs };
  });
  for (const job of finished) onJobFinished(job);
}

function onJobFinished(job: JobView): void {
  if (job.kind !== 'import') return;
  const here = job.project === openPath();
  if (job.state === 'done') {
    const report = job.result as ImportReport;
    if (here) update((s) => ({ ...s, importReport: report }));
    else toast('success', `Import finished: ${plural(report.added, 'image')} added.`);
  } else if (job.state === 'failed' && job.error) {
    toast('error', `Import stopped: ${job.error.message}`, job.error.code);
  } else if (job.state === 'cancelled') {
    toast('info', 'Import cancelled. Images imported so far are kept.');
  }
  if (here) {
    void loadImages();
    void refreshProject();
  }
}
