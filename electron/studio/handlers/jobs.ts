import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function jobHandlers(ctx: StudioContext): StudioHandlers['jobs'] {
  return {
    get: async ({ jobId }) => ctx.jobs.get(jobId),
    cancel: async ({ jobId }) => ctx.jobs.cancel(jobId),
  };
}
