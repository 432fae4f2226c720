import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudioHandlers } from '../../../shared/api';
import type { ExportManifest, PastExport } from '../../../shared/api/datasets';
import { StudioError } from '../../../shared/errors';
import { checkTarget, exportDataset, previewExport } from '../../datasets/export-dataset';
import { ExportJournal } from '../../datasets/export-leftovers';
import { MANIFEST_FILE } from '../../datasets/export-target';
import { importDataset } from '../../datasets/import-dataset';
import { validateDataset } from '../../datasets/validate-dataset';
import { ExportHistory, type ExportHistoryEntry } from '../../settings/export-history';
import type { StudioContext } from '../context';

export function datasetHandlers(ctx: StudioContext): StudioHandlers['datasets'] {
  // Exports a killed studio left half-written are cleaned up on start; a new export waits for that.
  const journal = new ExportJournal(join(ctx.system.dataDir, 'exports-in-progress'));
  const recovered = journal.recover().catch(() => undefined);
  /** What no export replaces: the studio's data dir and the projects folder (and any folder holding them). */
  const protectedFolders = async () => [ctx.system.dataDir, (await ctx.settings.read()).projectsDir];
  const history = new ExportHistory(ctx.system.dataDir);
  const log = ctx.log.child('datasets');
  return {
    async exports({ project }) {
      const path = ctx.projects.get(project).path;
      return Promise.all((await history.forProject(path)).map(pastExport));
    },
    async import({ project, format, labels, images, strict, labelMap }) {
      const store = ctx.projects.get(project);
      const { maxImageMegapixels } = await ctx.settings.read();
      const jobId = ctx.jobs.start('dataset-import', async ({ signal, progress }) => {
        const report = await importDataset(store, {
          format,
          labels,
          images,
          strict,
          labelMap,
          maxMegapixels: maxImageMegapixels,
          signal,
          onProgress: progress,
        });
        log.info('imported', {
          format,
          imagesAdded: report.imagesAdded,
          annotations: report.annotations,
          recordsSkipped: report.recordsSkipped,
          errors: report.issues.errors,
          warnings: report.issues.warnings,
          ms: report.durationMs,
        });
        return report;
      });
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
      const jobId = ctx.jobs.start('dataset-export', async ({ signal, progress }) => {
        const report = await exportDataset(store, {
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
        });
        const splits = Object.values(report.manifest.counts);
        log.info('exported', {
          format: settings.format,
          images: splits.reduce((n, s) => n + s.images, 0),
          annotations: splits.reduce((n, s) => n + s.annotations, 0),
          imagesSkipped: report.imagesSkipped,
          errors: report.issues.errors,
          warnings: report.issues.warnings,
          ms: report.durationMs,
        });
        // The export is whole on disk whatever happens here: a history that cannot be written only means the
        // screen will not list it.
        await history
          .record({
            project: store.path,
            target: report.target,
            format: settings.format,
            finishedAt: ctx.now().toISOString(),
          })
          .catch(() => undefined);
        return report;
      });
      return { jobId };
    },
  };
}

/** An export as listed: its manifest read from the folder now, or why it cannot be. */
async function pastExport(entry: ExportHistoryEntry): Promise<PastExport> {
  const base = { target: entry.target, format: entry.format, finishedAt: entry.finishedAt };
  try {
    const manifest = JSON.parse(await readFile(join(entry.target, MANIFEST_FILE), 'utf8')) as ExportManifest;
    if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.files))
      return { ...base, manifest: null, problem: `Its ${MANIFEST_FILE} is not an export manifest.` };
    return { ...base, manifest, problem: null };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ...base,
      manifest: null,
      problem: missing
        ? 'The folder or its manifest is gone (moved or deleted since).'
        : `Its ${MANIFEST_FILE} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
