import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function batchHandlers(ctx: StudioContext): StudioHandlers['batch'] {
  const store = (path: string) => ctx.projects.get(path);
  return {
    async create({ project, start, ...input }) {
      const job = await ctx.batch.create(store(project), input);
      return start ? ctx.batch.start(store(project), job.id) : job;
    },
    list: async ({ project, statuses }) => store(project).readBatch((b) => b.list(statuses)),
    get: async ({ project, jobId }) => store(project).readBatch((b) => b.get(jobId)),
    items: async ({ project, jobId, states, offset, limit }) =>
      store(project).readBatch((b) => b.items(jobId, states, offset, limit)),
    pause: ({ project, jobId }) => ctx.batch.pause(store(project), jobId),
    resume: async ({ project, jobId }) => ctx.batch.resume(store(project), jobId),
    cancel: ({ project, jobId }) => ctx.batch.cancel(store(project), jobId),
    retryFailed: async ({ project, jobId }) => ctx.batch.retryFailed(store(project), jobId),
  };
}
