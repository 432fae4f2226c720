import { extname } from 'node:path';
import type { StudioHandlers } from '../../../shared/api';
import type { RecentProject } from '../../../shared/domain';
import { RECENT_LIMIT } from '../../settings/recent-projects';
import type { StudioContext } from '../context';

export const PROJECT_EXTENSION = '.vpstudio';

export function projectHandlers(ctx: StudioContext): StudioHandlers['projects'] {
  const remember = async (info: { path: string; name: string }) => {
    const recent = await ctx.recent.read();
    const entry: RecentProject = { path: info.path, name: info.name, openedAt: ctx.now().toISOString() };
    await ctx.recent.write([entry, ...recent.filter((r) => r.path !== info.path)].slice(0, RECENT_LIMIT));
  };

  return {
    async create({ path, name }) {
      const file = extname(path) ? path : path + PROJECT_EXTENSION;
      const info = ctx.projects.create(file, name).info();
      await remember(info);
      return info;
    },
    async open({ path }) {
      const store = ctx.projects.get(path);
      const info = store.info();
      await remember(info);
      if (!store.readOnly) {
        ctx.backups.opened(store.path);
        const interrupted = ctx.batch.recover(store);
        if ((await ctx.settings.read()).resumeJobs === 'auto')
          for (const job of interrupted) ctx.batch.resume(store, job.id);
      }
      return info;
    },
    async close({ project }) {
      ctx.projects.close(project);
    },
    async info({ project }) {
      return ctx.projects.get(project).info();
    },
    recent: () => ctx.recent.read(),
    async forget({ path }) {
      const recent = await ctx.recent.read();
      await ctx.recent.write(recent.filter((r) => r.path !== path));
    },
  };
}
