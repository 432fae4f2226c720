import { appSettingsSchema, type StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function settingsHandlers(ctx: StudioContext): StudioHandlers['settings'] {
  return {
    get: () => ctx.settings.read(),
    async update(patch) {
      const next = appSettingsSchema.parse({ ...(await ctx.settings.read()), ...patch });
      await ctx.settings.write(next);
      return next;
    },
  };
}
