import type { SkippedFile } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { CacheWriteError } from './disk-cache';
import { probeImage, type ImageProbe } from './probe-image';
import { scanFolder } from './scan-folder';
import type { ThumbnailCache } from './thumbnail-cache';

export interface ImportedImage extends ImageProbe {
  path: string;
}

export interface ImportOptions {
  folder: string;
  /** Descend into subfolders; default true. */
  recursive?: boolean;
  /** Images with more pixels are skipped without being decoded. */
  maxMegapixels: number;
  /** Paths already in the project: counted in `alreadyPresent`, not read again. */
  knownPaths: ReadonlySet<string>;
  thumbnails: Pick<ThumbnailCache, 'get'>;
  /** After each new file, imported or skipped; `total` counts the new files. */
  onProgress?: (done: number, total: number, currentPath: string) => void;
  /**
   * Receives the imported images in scan order, `batchSize` at a time, as soon as they are ready, so the caller
   * can store them as it goes (a crash loses one batch at most). When given, the result's `images` stays empty.
   */
  onBatch?: (images: ImportedImage[]) => void | Promise<void>;
  batchSize?: number;
  signal?: AbortSignal;
  /** Files in flight at once; sharp already spreads each decode over the cores. */
  concurrency?: number;
}

export interface ImportResult {
  /** The imported images in scan order (empty when `onBatch` took them). */
  images: ImportedImage[];
  /** Files (and unreadable subfolders) left out, each with the reason, for the user. */
  skipped: SkippedFile[];
  alreadyPresent: number;
  /** The signal stopped the import early; every image finished before that was still delivered. */
  cancelled: boolean;
}

export const DEFAULT_IMPORT_CONCURRENCY = 3;
export const DEFAULT_BATCH_SIZE = 200;

/**
 * Imports the images of a folder: probes, hashes and thumbnails each new file, a few at a time. A bad file is
 * skipped with its reason and the import goes on; an abort stops it after the files in flight.
 */
export async function importImages(options: ImportOptions): Promise<ImportResult> {
  const { signal, concurrency = DEFAULT_IMPORT_CONCURRENCY } = options;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const skipped: SkippedFile[] = [];
  const { paths, alreadyPresent } = await findNewImages(options, skipped);
  const images: ImportedImage[] = [];
  const deliver = options.onBatch ?? ((batch: ImportedImage[]) => void images.push(...batch));

  // Files finish out of order; results are passed on in scan order, so batches (and ids) follow the folder.
  const finished = new Map<number, ImportedImage | SkippedFile>();
  let started = 0;
  let done = 0;
  let collected = 0;
  const batch: ImportedImage[] = [];
  let delivery = Promise.resolve();
  let failed = false;

  const collect = () => {
    for (let result; (result = finished.get(collected)); collected++) {
      finished.delete(collected);
      if ('reason' in result) skipped.push(result);
      else batch.push(result);
    }
  };
  // Batches of exactly `batchSize` (the last may be short), chained so they reach the caller one at a time.
  const deliverBatches = (includeLast: boolean) => {
    while (batch.length >= batchSize || (includeLast && batch.length > 0)) {
      const ready = batch.splice(0, batchSize);
      delivery = delivery.then(() => deliver(ready));
    }
    return delivery;
  };
  const worker = async () => {
    try {
      while (started < paths.length && !signal?.aborted && !failed) {
        const index = started++;
        const path = paths[index]!;
        finished.set(index, await importOne(path, options));
        options.onProgress?.(++done, paths.length, path);
        collect();
        await deliverBatches(false);
      }
    } catch (err) {
      failed = true;
      throw err;
    }
  };

  const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker));
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
  collect();
  await deliverBatches(true);
  return { images, skipped, alreadyPresent, cancelled: signal?.aborted ?? false };
}

async function findNewImages(
  { folder, recursive, knownPaths, signal }: ImportOptions,
  skipped: SkippedFile[],
) {
  const paths: string[] = [];
  let alreadyPresent = 0;
  const onUnreadable = (path: string, reason: string) => skipped.push({ path, reason });
  for await (const path of scanFolder(folder, { recursive, onUnreadable })) {
    if (signal?.aborted) break;
    if (knownPaths.has(path)) alreadyPresent++;
    else paths.push(path);
  }
  return { paths, alreadyPresent };
}

async function importOne(path: string, options: ImportOptions): Promise<ImportedImage | SkippedFile> {
  try {
    const probe = await probeImage(path, { maxMegapixels: options.maxMegapixels });
    await options.thumbnails.get(path, probe.sha256);
    return { path, ...probe };
  } catch (err) {
    // A problem with this file skips it; anything else (the cache disk is full, a bug) stops the import.
    if (err instanceof StudioError && !(err instanceof CacheWriteError)) return { path, reason: err.message };
    throw err;
  }
}
