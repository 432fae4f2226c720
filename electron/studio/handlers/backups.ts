import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function backupHandlers(ctx: StudioContext): StudioHandlers['backups'] {
  return {
    list: async ({ project }) => ctx.backups.list(project),
    create: ({ project }) => ctx.backups.create(project),
    restore: ({ project, id }) => ctx.backups.restore(project, id),
  };
}
