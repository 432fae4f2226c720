import { stat } from 'node:fs/promises';
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

const inFlight = new Map<string, Promise<void>>();

/**
 * Makes sure `target` exists, creating it from `produce()` the first time. Concurrent calls for the same
 * target share one production; the file is written atomically (temp file + rename), so a crash never leaves a
 * half-written file that later reads would take as valid.
 */
export async function ensureCachedFile(target: string, produce: () => Promise<Uint8Array>): Promise<string> {
  let pending = inFlight.get(target);
  if (!pending) {
    pending = createIfMissing(target, produce).finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  await pending;
  return target;
}

async function createIfMissing(target: string, produce: () => Promise<Uint8Array>): Promise<void> {
  const exists = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  if (exists) return;
  const data = await produce();
  try {
    await writeFileAtomic(target, data);
  } catch (err) {
    throw new CacheWriteError(target, err);
  }
}
