import { stat } from 'node:fs/promises';
import type { StudioHandlers } from '../../../shared/api';
import type { ImportReport } from '../../../shared/domain';
import { hashFile } from '../../media/hash-file';
import { importImages } from '../../media/import-images';
import { scanFolder } from '../../media/scan-folder';
import type { StudioContext } from '../context';

const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

export function imageHandlers(ctx: StudioContext): StudioHandlers['images'] {
  return {
    async importFolder({ project, folder, recursive }) {
      const store = ctx.projects.get(project);
      const { maxImageMegapixels } = await ctx.settings.read();
      const jobId = ctx.jobs.start('import', async ({ signal, progress }): Promise<ImportReport> => {
        const started = Date.now();
        let added = 0;
        const result = await importImages({
          folder,
          recursive,
          maxMegapixels: maxImageMegapixels,
          knownPaths: store.knownPaths(),
          thumbnails: await ctx.thumbnails(),
          signal,
          onProgress: (done, total, current) => progress(done, total, current),
          // Each batch is its own transaction: a crash mid-import keeps every batch already written.
          onBatch: (images) => {
            added += store.insertImages(images).added;
          },
        });
        return {
          folder,
          added,
          alreadyPresent: result.alreadyPresent,
          skipped: result.skipped,
          durationMs: Date.now() - started,
        };
      });
      return { jobId };
    },
    list: async ({ project, offset, limit, filter }) =>
      ctx.projects.get(project).listImages(filter, offset, limit),
    get: async ({ project, id }) => ctx.projects.get(project).getImage(id),
    neighbor: async ({ project, id, direction, filter }) =>
      ctx.projects.get(project).neighbor(id, direction, filter),
    setStatus: async ({ project, ids, status }) => ctx.projects.get(project).setImageStatus(ids, status),
    remove: async ({ project, ids }) => ctx.projects.get(project).removeImages(ids),
    async verify({ project }) {
      const store = ctx.projects.get(project);
      const images = store.allImages();
      const found = await Promise.all(images.map((i) => exists(i.path)));
      const nowMissing = images.filter((_, k) => !found[k]).map((i) => i.id);
      const back = images.filter((i, k) => found[k] && i.missing).map((i) => i.id);
      if (nowMissing.length) store.setMissing(nowMissing, true);
      if (back.length) store.setMissing(back, false);
      return { missing: nowMissing.length };
    },
    // Moved files are found again by content: every file under the folder is hashed and matched on sha256.
    async relink({ project, folder }) {
      const store = ctx.projects.get(project);
      const missing = store.allImages().filter((i) => i.missing);
      const wanted = new Map(missing.map((i) => [i.sha256, i.id]));
      let relinked = 0;
      for await (const path of scanFolder(folder, { recursive: true })) {
        if (wanted.size === 0) break;
        const sha = await hashFile(path);
        const id = wanted.get(sha);
        if (id === undefined) continue;
        store.relinkImage(id, path);
        wanted.delete(sha);
        relinked++;
      }
      return { relinked, stillMissing: wanted.size };
    },
  };
}
