import { join } from 'node:path';
import type { StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { checkTarget, exportDataset, previewExport } from '../../datasets/export-dataset';
import { ExportJournal } from '../../datasets/export-leftovers';
import { importDataset } from '../../datasets/import-dataset';
import { validateDataset } from '../../datasets/validate-dataset';
import type { StudioContext } from '../context';

export function datasetHandlers(ctx: StudioContext): StudioHandlers['datasets'] {
  // Exports a killed studio left half-written are cleaned up on start; a new export waits for that.
  const journal = new ExportJournal(join(ctx.system.dataDir, 'exports-in-progress'));
  const recovered = journal.recover().catch(() => undefined);
  /** What no export replaces: the studio's data dir and the projects folder (and any folder holding them). */
  const protectedFolders = async () => [ctx.system.dataDir, (await ctx.settings.read()).projectsDir];
  return {
    async import({ project, format, labels, images, strict, labelMap }) {
      const store = ctx.projects.get(project);
      const { maxImageMegapixels } = await ctx.settings.read();
      const jobId = ctx.jobs.start('dataset-import', ({ signal, progress }) =>
        importDataset(store, {
          format,
          labels,
          images,
          strict,
          labelMap,
          maxMegapixels: maxImageMegapixels,
          signal,
          onProgress: progress,
        }),
      );
      return { jobId };
    },
    preview: async ({ project, limit, ...settings }) =>
      previewExport(ctx.projects.get(project), settings, limit),
    validate: ({ format, path }) => validateDataset(format, path),
    checkTarget: async ({ project, target }) =>
      checkTarget(ctx.projects.get(project), target, await protectedFolders()),
    async export({ project, target, overwrite, images, strict, ...settings }) {
      const store = ctx.projects.get(project);
      const qaGenerator = settings.questions === 'bedrock' ? await ctx.chains.qaGenerator() : undefined;
      if (settings.questions === 'bedrock' && !qaGenerator)
        throw new StudioError(
          'invalid_input',
          'Questions from Bedrock need a Bedrock model configured (chains settings); or use counts per label.',
        );
      await recovered;
      const folders = await protectedFolders();
      const jobId = ctx.jobs.start('dataset-export', ({ signal, progress }) =>
        exportDataset(store, {
          ...settings,
          target,
          overwrite,
          images,
          strict,
          protectedFolders: folders,
          journal,
          qaGenerator,
          studioVersion: ctx.system.version,
          now: ctx.now,
          signal,
          onProgress: progress,
        }),
      );
      return { jobId };
    },
  };
}
