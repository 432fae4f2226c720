import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function promptHandlers(ctx: StudioContext): StudioHandlers['prompts'] {
  return {
    list: async ({ project, imageId }) => ctx.projects.get(project).listPrompts(imageId),
    current: async ({ project, imageId }) => ctx.projects.get(project).currentPrompt(imageId),
    setCurrent: async ({ project, imageId, prompt }) =>
      ctx.projects.get(project).setCurrentPrompt(imageId, prompt),
    close: async ({ project, id }) => ctx.projects.get(project).closePrompt(id),
  };
}
