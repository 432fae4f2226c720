// An experiment as the results screen, the report and the CLI read it: the eval job and its spec, and the
// summary of its rows (shared/eval/summary.ts).
import type { BatchJob } from '../../shared/api/batch';
import { evalSpecSchema, type EvalResult, type EvalSpec, type EvalSummary } from '../../shared/api/eval';
import { StudioError } from '../../shared/errors';
import { summarizeResults } from '../../shared/eval/summary';
import type { ProjectStore } from '../store/project-store';

/** The job, which must be an experiment, and its spec. */
export function requireExperiment(store: ProjectStore, jobId: number): { job: BatchJob; spec: EvalSpec } {
  const job = store.readBatch((b) => b.get(jobId));
  if (job.kind !== 'eval')
    throw new StudioError('invalid_input', `Job ${jobId} is a ${job.kind} job, not an experiment.`);
  return { job, spec: evalSpecSchema.parse(job.spec) };
}

/** The summary of an experiment; `rows` when the caller has read them already. */
export function experimentSummary(
  store: ProjectStore,
  jobId: number,
  rows: readonly EvalResult[] = store.readEval((e) => e.all(jobId)),
): EvalSummary {
  const { job, spec } = requireExperiment(store, jobId);
  return { jobId, name: job.name, spec, ...summarizeResults(rows, spec.maxClicks) };
}
