import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';

/** The cache could not be written (disk full, no permission): a problem of the studio, not of the image. */
export class CacheWriteError extends StudioError {
  constructor(path: string, err: unknown) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    super('io_error', `Cannot write the image cache file ${path} (${code}).`);
  }
}

/** The cache file for some content: `dir/ab/abcdef…<suffix>`, sharded so no folder grows huge. */
export function cachePath(dir: string, sha256: string, suffix: string): string {
  // The hash names a file: anything but 64 hex digits could point outside the cache.
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new StudioError('invalid_input', `Not a sha256 hash: ${sha256}.`);
  return join(dir, sha256.slice(0, 2), sha256 + suffix);
}

/**
 * A disk budget for a cache folder laid out `dir/<folder>/<file><suffix>`: it knows each file's size in least
 * recently used order (read from the folder on first need, ordered by modification time, which records each
 * use, so the order survives a restart) and removes the least recently used files once the total passes
 * `maxBytes`.
 */
export class DiskBudget {
  /** The files and their sizes, least recently used first. */
  private files: Promise<Map<string, number>> | null = null;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly suffix: string,
  ) {}

  /** Records a use of `path` (when it is a file the budget counts): it becomes the most recently used. */
  async used(path: string): Promise<void> {
    // Use times come from one clock (the kernel's file times are coarser than Date's).
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    const files = this.files ? await this.files : null;
    const bytes = files?.get(path);
    if (files && bytes !== undefined) {
      files.delete(path);
      files.set(path, bytes);
    }
  }

  /** Counts a file just written (`bytes` long), then removes the least recently used others until in budget. */
  async added(path: string, bytes: number): Promise<void> {
    const now = new Date();
    await utimes(path, now, now);
    const files = await this.load();
    files.delete(path);
    files.set(path, bytes);
    let total = 0;
    for (const size of files.values()) total += size;
    for (const [old, size] of files) {
      if (total <= this.maxBytes) break;
      if (old === path) continue;
      files.delete(old);
      total -= size;
      await rm(old, { force: true });
    }
  }

  /** Forgets a file that was removed outside the budget (a damaged one, say). */
  async removed(path: string): Promise<void> {
    (this.files ? await this.files : null)?.delete(path);
  }

  private load(): Promise<Map<string, number>> {
    this.files ??= scanFolder(this.dir, this.suffix);
    return this.files;
  }
}

/** The `dir/<folder>/<name><suffix>` files with their sizes, oldest use first. */
async function scanFolder(dir: string, suffix: string): Promise<Map<string, number>> {
  const found: { path: string; bytes: number; usedAt: number }[] = [];
  const folders = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((d) => d.isDirectory())) {
    for (const name of await readdir(join(dir, folder.name)).catch(() => [])) {
      if (!name.endsWith(suffix)) continue;
      const path = join(dir, folder.name, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) found.push({ path, bytes: info.size, usedAt: info.mtimeMs });
    }
  }
  found.sort((a, b) => a.usedAt - b.usedAt);
  return new Map(found.map((f) => [f.path, f.bytes]));
}

const inFlight = new Map<string, Promise<void>>();

/**
 * Makes sure `target` exists, creating it from `produce()` the first time. Concurrent calls for the same
 * target share one production; the file is written atomically (temp file + rename), so a crash never leaves a
 * half-written file that later reads would take as valid. With a `budget`, every call counts as a use and a
 * new file may evict the least recently used others (never itself); an evicted file is produced again when
 * asked for.
 */
export async function ensureCachedFile(
  target: string,
  produce: () => Promise<Uint8Array>,
  budget?: DiskBudget,
): Promise<string> {
  let pending = inFlight.get(target);
  if (!pending) {
    pending = createIfMissing(target, produce, budget).finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  await pending;
  return target;
}

async function createIfMissing(
  target: string,
  produce: () => Promise<Uint8Array>,
  budget: DiskBudget | undefined,
): Promise<void> {
  const exists = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  if (exists) return budget?.used(target);
  const data = await produce();
  try {
    await writeFileAtomic(target, data);
  } catch (err) {
    throw new CacheWriteError(target, err);
  }
  await budget?.added(target, data.byteLength);
}
