import type { StudioHandlers } from '../../../shared/api';
import { testEndpoints } from '../../inference/sagemaker/from-settings';
import type { StudioContext } from '../context';

export function endpointHandlers(ctx: StudioContext): StudioHandlers['endpoints'] {
  return {
    async testConnection({ settings }) {
      const saved = (await ctx.settings.read()).endpoints;
      return testEndpoints({ ...saved, ...settings });
    },
  };
}
