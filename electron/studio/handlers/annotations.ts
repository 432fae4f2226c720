import type { StudioHandlers } from '../../../shared/api';
import { reviewerName } from '../../settings/reviewer';
import type { StudioContext } from '../context';

export function annotationHandlers(ctx: StudioContext): StudioHandlers['annotations'] {
  const who = async () => reviewerName(await ctx.settings.read());
  return {
    list: async ({ project, imageId }) => ctx.projects.get(project).listAnnotations(imageId),
    save: async ({ project, imageId, upserts, deletes }) =>
      ctx.projects.get(project).saveAnnotations(imageId, upserts, deletes, await who()),
    setReview: async ({ project, ids, state }) =>
      ctx.projects.get(project).setReview(ids, state, await who()),
  };
}
