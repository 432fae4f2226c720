// An experiment as the results screen, the report and the CLI read it: the eval job, its spec, and the summary
// of its rows (shared/eval/summary.ts).
import { evalSpecSchema, type EvalSummary } from '../../shared/api/eval';
import { StudioError } from '../../shared/errors';
import { summarizeResults } from '../../shared/eval/summary';
import type { ProjectStore } from '../store/project-store';

export function experimentSummary(store: ProjectStore, jobId: number): EvalSummary {
  const job = store.readBatch((b) => b.get(jobId));
  if (job.kind !== 'eval')
    throw new StudioError('invalid_input', `Job ${jobId} is a ${job.kind} job, not an experiment.`);
  const spec = evalSpecSchema.parse(job.spec);
  const rows = store.readEval((e) => e.all(jobId));
  return { jobId, name: job.name, spec, ...summarizeResults(rows, spec.maxClicks) };
}
