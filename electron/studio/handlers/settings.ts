import { appSettingsSchema, type StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';

export function settingsHandlers(ctx: StudioContext): StudioHandlers['settings'] {
  return {
    get: () => ctx.settings.read(),
    async update(patch) {
      const previous = await ctx.settings.read();
      const next = appSettingsSchema.parse({ ...previous, ...patch });
      await ctx.settings.write(next);
      // Another endpoint (or none) answers from the next click on.
      if (JSON.stringify(previous.endpoints) !== JSON.stringify(next.endpoints)) await ctx.segment.reload();
      return next;
    },
  };
}
