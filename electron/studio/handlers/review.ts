import type { StudioHandlers } from '../../../shared/api';
import { DECISION_STATE } from '../../../shared/api/review';
import { reviewerName } from '../../settings/reviewer';
import type { StudioContext } from '../context';

export function reviewHandlers(ctx: StudioContext): StudioHandlers['review'] {
  const store = (path: string) => ctx.projects.get(path);
  const who = async () => reviewerName(await ctx.settings.read());
  return {
    queue: async ({ project, filter, offset, limit }) =>
      store(project).readReview((r) => r.queue(filter, offset, limit)),
    image: async ({ project, imageId, filter }) => {
      const s = store(project);
      return {
        image: s.getImage(imageId),
        annotations: s.listAnnotations(imageId),
        matching: s.readReview((r) => r.matchingOnImage(imageId, filter)),
      };
    },
    async decide({ project, ids, decision }) {
      const name = await who();
      return store(project).writeReview((r) => {
        r.decide(ids, DECISION_STATE[decision], name, decision);
        return r.annotations(ids);
      });
    },
    async decideImage({ project, imageId, filter, decision }) {
      const name = await who();
      return store(project).writeReview((r) => {
        const ids = r.matchingOnImage(imageId, filter);
        if (ids.length) r.decide(ids, DECISION_STATE[decision], name, decision);
        return { changed: ids.length };
      });
    },
    bulkPreview: async ({ project, filter }) => store(project).readReview((r) => r.bulkPreview(filter)),
    async bulkApply({ project, filter, decision }) {
      const name = await who();
      return { changed: store(project).writeReview((r) => r.bulkApply(filter, decision, name)) };
    },
    next: async ({ project, imageId, direction, filter }) =>
      store(project).readReview((r) => r.neighbor(imageId, direction, filter)),
    stats: async ({ project, filter }) => store(project).readReview((r) => r.stats(filter)),
    history: async ({ project, annotationId }) => store(project).readReview((r) => r.history(annotationId)),
  };
}
