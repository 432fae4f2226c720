import type { StudioHandlers } from '../../../shared/api';
import type { ModelList } from '../../../shared/api/models';
import { downloadModel, requireConsent } from '../../inference/models/download-model';
import { locateModel } from '../../inference/models/locate';
import { MANIFEST, modelEntry } from '../../inference/models/manifest';
import type { StudioContext } from '../context';

async function list(ctx: StudioContext): Promise<ModelList> {
  const { dir, source } = await ctx.modelsDir.resolve();
  return {
    modelsDir: dir,
    modelsDirSource: source,
    models: MANIFEST.models.map((entry) => {
      const located = locateModel(entry, dir);
      const { files: _files, preprocess: _preprocess, ...about } = entry;
      return {
        ...about,
        installed: located.complete,
        needsConsent: entry.files.some((f) => f.sha256 === null),
        dir: located.dir,
        files: entry.files.map(({ inputs: _i, outputs: _o, ...file }, i) => ({
          ...file,
          problem: located.files[i]!.problem,
        })),
      };
    }),
  };
}

export function modelHandlers(ctx: StudioContext): StudioHandlers['models'] {
  return {
    list: () => list(ctx),
    async recheck() {
      await modelsChanged(ctx);
      return list(ctx);
    },
    async download({ id, allowUnverified }) {
      const entry = modelEntry(MANIFEST, id);
      requireConsent(entry, allowUnverified);
      const { dir } = await ctx.modelsDir.resolve();
      const mirror = ctx.modelsDir.mirror();
      const jobId = ctx.jobs.start('model-download', async (job) => {
        const result = await downloadModel(entry, dir, {
          allowUnverified,
          urlOf: mirror ? (file) => `${mirror}/${entry.id}/${file.file}` : undefined,
          signal: job.signal,
          onProgress: (p) => job.progress(p.received, p.total ?? 0, p.file),
        });
        await modelsChanged(ctx);
        return result;
      });
      return { jobId };
    },
    async setDir({ dir }) {
      await ctx.modelsDir.set(dir);
      await modelsChanged(ctx);
      return list(ctx);
    },
  };
}

/**
 * New files, or a new folder, may change which engines answer: segment and chains choose again at their next
 * call. The old engines are disposed once the work holding them ends (a chain run can take minutes: not awaited).
 */
async function modelsChanged(ctx: StudioContext): Promise<void> {
  void ctx.engines.reset();
  // The endpoint's embedding mode depends on the SAM decoder in the models folder.
  await ctx.segment.reload();
}
