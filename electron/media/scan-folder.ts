import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../shared/errors';
import { isSupportedImagePath } from './supported-formats';

export interface ScanOptions {
  /** Descend into subfolders; default true. */
  recursive?: boolean;
  /** Called for a subfolder that cannot be listed; the scan goes on without it. */
  onUnreadable?: (path: string, reason: string) => void;
}

// BigInt ids: Windows file ids can exceed 2^53, and a rounded id could make two folders look like one.
const identify = (path: string) => stat(path, { bigint: true }).catch(() => null);

// Natural order ("img2" before "img10"), with a plain code-unit comparison to break ties so the order is total.
const collator = new Intl.Collator('en', { numeric: true });
const byName = (a: Dirent, b: Dirent) =>
  collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Yields the absolute path of every supported image under `folder`, in a stable sorted order (depth first,
 * entries by name) so repeated imports list images the same way. Hidden files and folders (".name") are
 * skipped; symbolic links are followed, each real folder visited once, so link loops end.
 */
export async function* scanFolder(folder: string, options: ScanOptions = {}): AsyncGenerator<string> {
  const { recursive = true, onUnreadable } = options;
  const root = resolve(folder);
  const rootInfo = await identify(root);
  if (!rootInfo?.isDirectory()) throw new StudioError('not_found', `No folder at ${root}.`);
  const visited = new Set([`${rootInfo.dev}:${rootInfo.ino}`]);

  async function* walk(dir: string): AsyncGenerator<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      const reason = `Cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`;
      if (dir === root) throw new StudioError('io_error', reason);
      onUnreadable?.(dir, reason);
      return;
    }
    for (const entry of entries.sort(byName)) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isFile()) {
        if (isSupportedImagePath(entry.name)) yield path;
        continue;
      }
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      // A stat tells what a link points to (a broken one is simply skipped) and who a folder really is.
      const info = await identify(path);
      if (info?.isFile() && isSupportedImagePath(entry.name)) yield path;
      if (!recursive || !info?.isDirectory() || visited.has(`${info.dev}:${info.ino}`)) continue;
      visited.add(`${info.dev}:${info.ino}`);
      yield* walk(path);
    }
  }
  yield* walk(root);
}
