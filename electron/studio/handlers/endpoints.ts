import type { StudioHandlers } from '../../../shared/api';
import { testEndpoints } from '../../inference/sagemaker/from-settings';
import { StudioError } from '../../../shared/errors';
import { errorFields } from '../../../shared/logs/error-fields';
import type { StudioContext } from '../context';

export function endpointHandlers(ctx: StudioContext): StudioHandlers['endpoints'] {
  return {
    async testConnection({ settings }) {
      const saved = (await ctx.settings.read()).endpoints;
      const checks = await testEndpoints({ ...saved, ...settings });
      const log = ctx.log.child('endpoints');
      for (const c of checks)
        if (!c.ok)
          log.warn('check_failed', {
            role: c.role,
            endpoint: c.endpoint,
            ...(c.error && errorFields(StudioError.from(c.error))),
          });
      return checks;
    },
  };
}
