import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DirEntry, StudioHandlers } from '../../../shared/api';
import { StudioError } from '../../../shared/errors';
import { isSupportedImagePath } from '../../media/supported-formats';
import { reviewerName } from '../../settings/reviewer';
import type { StudioContext } from '../context';
import { diagnostics } from '../diagnostics';

export function systemHandlers(ctx: StudioContext): StudioHandlers['system'] {
  return {
    info: async () => ({
      ...ctx.system,
      platform: process.platform,
      userName: reviewerName({ reviewerName: '' }),
    }),
    diagnostics: () => diagnostics(ctx),
    // Folder browsing for the renderer's own picker: the same UI in browser mode and in Electron.
    async listDir({ path }) {
      const dir = resolve(path ?? ctx.system.homeDir);
      let dirents;
      try {
        dirents = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
          throw new StudioError('not_found', `No folder at ${dir}.`);
        throw new StudioError('io_error', `Cannot read the folder ${dir} (${code ?? 'error'}).`);
      }
      const visible = dirents.filter((d) => !d.name.startsWith('.'));
      const entries: DirEntry[] = visible
        .filter((d) => d.isDirectory() || d.name.endsWith('.vpstudio'))
        .map((d) => ({ name: d.name, path: join(dir, d.name), isDir: d.isDirectory() }))
        .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
      const imageCount = visible.filter((d) => d.isFile() && isSupportedImagePath(d.name)).length;
      const parent = dirname(dir);
      return { path: dir, parent: parent === dir ? null : parent, entries, imageCount };
    },
  };
}
