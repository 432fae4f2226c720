import type { StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { exportDataset, previewExport } from '../../datasets/export-dataset';
import { importDataset } from '../../datasets/import-dataset';
import type { StudioContext } from '../context';

export function datasetHandlers(ctx: StudioContext): StudioHandlers['datasets'] {
  return {
    async import({ project, format, labels, images, skipBadRecords }) {
      const store = ctx.projects.get(project);
      const { maxImageMegapixels } = await ctx.settings.read();
      const jobId = ctx.jobs.start('dataset-import', ({ signal, progress }) =>
        importDataset(store, {
          format,
          labels,
          images,
          skipBadRecords,
          maxMegapixels: maxImageMegapixels,
          signal,
          onProgress: progress,
        }),
      );
      return { jobId };
    },
    preview: async ({ project, limit, ...settings }) =>
      previewExport(ctx.projects.get(project), settings, limit),
    async export({ project, target, overwrite, images, ...settings }) {
      const store = ctx.projects.get(project);
      const qaGenerator = settings.questions === 'bedrock' ? await ctx.chains.qaGenerator() : undefined;
      if (settings.questions === 'bedrock' && !qaGenerator)
        throw new StudioError(
          'invalid_input',
          'Questions from Bedrock need a Bedrock model configured (chains settings); or use counts per label.',
        );
      const jobId = ctx.jobs.start('dataset-export', ({ signal, progress }) =>
        exportDataset(store, {
          ...settings,
          target,
          overwrite,
          images,
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
