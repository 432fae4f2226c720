import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function labelHandlers(ctx: StudioContext): StudioHandlers['labels'] {
  return {
    list: async ({ project }) => ctx.projects.get(project).listLabels(),
    create: async ({ project, ...label }) => ctx.projects.get(project).createLabel(label),
    update: async ({ project, id, ...patch }) => ctx.projects.get(project).updateLabel(id, patch),
    remove: async ({ project, id }) => ctx.projects.get(project).removeLabel(id),
  };
}
