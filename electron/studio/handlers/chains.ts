import type { StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { bedrockSettingsSchema } from '../../../shared/api/chains';
import { proposeRun } from '../../chains/propose';
import type { StudioContext } from '../context';

export function chainHandlers(ctx: StudioContext): StudioHandlers['chains'] {
  const { service, bedrockSettings } = ctx.chains;
  return {
    plan: ({ project, request, imageId }) => service.plan(project, request, imageId),
    check: ({ project, chain }) => service.check(project, chain),
    engines: () => service.enginesInfo(),
    list: async ({ project }) => ctx.projects.get(project).readChains((c) => c.listChains()),
    async save({ project, id, name, chain, request }) {
      const check = await service.check(project, chain);
      if (!check.ok) throw invalidChain(check.reasons);
      return ctx.projects
        .get(project)
        .writeChains((c) => c.saveChain({ id, name, chain: check.chain, request }));
    },
    remove: async ({ project, id }) => ctx.projects.get(project).writeChains((c) => c.removeChain(id)),
    run: ({ project, chain, chainId, name, imageIds }) =>
      service.startRun(project, { chain, chainId, name, imageIds }),
    resume: ({ project, runId }) => service.resume(project, runId),
    replay: ({ project, runId }) => service.replay(project, runId),
    cancel: async ({ project, runId }) => service.cancel(project, runId),
    runs: async ({ project }) => ctx.projects.get(project).readChains((c) => c.listRuns()),
    getRun: async ({ project, runId }) => ctx.projects.get(project).readChains((c) => c.getRun(runId)),
    runImages: async ({ project, runId, imageIds }) =>
      ctx.projects.get(project).readChains((c) => c.runImages(runId, imageIds)),
    compare: async ({ project, runA, runB, minIou }) => service.compare(project, runA, runB, minIou),
    propose: async ({ project, runId, imageIds }) => proposeRun(ctx.projects.get(project), runId, imageIds),
    removeRun: async ({ project, runId }) => ctx.projects.get(project).writeChains((c) => c.removeRun(runId)),
    bedrockSettings: () => bedrockSettings.read(),
    async updateBedrockSettings(patch) {
      const next = bedrockSettingsSchema.parse({ ...(await bedrockSettings.read()), ...patch });
      await bedrockSettings.write(next);
      return next;
    },
  };
}

function invalidChain(reasons: string[]) {
  return new StudioError('invalid_input', `The chain is not valid: ${reasons.join('; ')}`, { reasons });
}
