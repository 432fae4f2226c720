import type { StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { experimentSegmenters } from '../../eval/eval-batch';
import { experimentSummary, requireExperiment } from '../../eval/experiment';
import { writeReport } from '../../eval/report';
import { scoreChain } from '../../eval/score-chains';
import type { StudioContext } from '../context';

export function evalHandlers(ctx: StudioContext): StudioHandlers['eval'] {
  const store = (path: string) => ctx.projects.get(path);
  return {
    async engines() {
      const lease = await ctx.chains.engines.lease();
      try {
        return experimentSegmenters(lease.engines.segmenters);
      } finally {
        lease.release();
      }
    },
    summary: async ({ project, jobId }) => experimentSummary(store(project), jobId),
    results: async ({ project, jobId, ...query }) => {
      requireExperiment(store(project), jobId);
      return store(project).readEval((e) => e.page(jobId, query));
    },
    prediction: async ({ project, resultId }) => {
      const found = store(project).readEval((e) => e.prediction(resultId));
      if (!found) throw new StudioError('not_found', `No evaluation result ${resultId}.`);
      return found;
    },
    scoreChains: async ({ project, runIds, jobIds, iouType, labels }) =>
      [...runIds.map((runId) => ({ runId })), ...jobIds.map((jobId) => ({ jobId }))].map((source) =>
        scoreChain(store(project), source, iouType, { labels }),
      ),
    report: ({ project, jobId, folder }) => writeReport(store(project), jobId, folder),
  };
}
