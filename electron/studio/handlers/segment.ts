import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function segmentHandlers(ctx: StudioContext): StudioHandlers['segment'] {
  return {
    run: (input) => ctx.segment.run(input),
    reset: async ({ project, imageId }) => ctx.segment.reset(project, imageId),
    prepare: async ({ project, imageIds }) => ({ preparing: ctx.segment.prepare(project, imageIds) }),
    detect: (input) => ctx.segment.detect(input),
    status: () => ctx.segment.status(),
  };
}
