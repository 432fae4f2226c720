import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from './process-alive';

/**
 * `.<name>.<pid>-<12 hex>.tmp`: the temp file writeFileAtomic writes beside its target, named with its writer's
 * pid so the next start removes a killed writer's files at once (files of earlier versions have no pid).
 */
const TEMP_FILE = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.tmp$/;
export const tempPathBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);

/**
 * Writes a file so that readers see either the old or the new content, never a half-written one:
 * write a temp file beside the target, fsync it, then rename over the target (atomic on one filesystem).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = tempPathBeside(path);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Removes the temp files writeFileAtomic left in `dir` (and its subfolders, `depth` levels down) when a crash
 * stopped it between writing and renaming. Only files named exactly as it names them, and only those whose
 * writer is gone (another pid, no longer running) or untouched for `olderThanMs`: a write under way (this
 * process's or another's) is never that old.
 */
export async function removeStaleTempFiles(dir: string, depth = 0, olderThanMs = 60_000): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) removed += await removeStaleTempFiles(path, depth - 1, olderThanMs);
    else if (entry.isFile() && TEMP_FILE.test(entry.name)) {
      const pid = Number(TEMP_FILE.exec(entry.name)![1] ?? NaN);
      const writerGone = pid > 0 && pid !== process.pid && !processAlive(pid);
      const info = await stat(path).catch(() => null);
      if (info && (writerGone || Date.now() - info.mtimeMs > olderThanMs)) {
        await rm(path, { force: true });
        removed++;
      }
    }
  }
  return removed;
}
