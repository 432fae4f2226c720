import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImages, type ImportedImage, type ImportOptions } from '../../../electron/media/import-images';
import { ThumbnailCache } from '../../../electron/media/thumbnail-cache';
import {
  makeFolderOfImages,
  makeHugePng,
  makeImage,
  makeNonImage,
  makeTruncated,
} from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

describe('importImages', () => {
  const tmp = makeTempDir();
  const folder = join(tmp.dir, 'drive');
  let good: string[];
  let truncatedJpeg: string;
  let truncatedPng: string;
  afterAll(tmp.cleanup);

  beforeAll(async () => {
    good = await makeFolderOfImages(folder, 12);
    const large = { width: 640, height: 480, texture: true } as const;
    truncatedJpeg = await makeTruncated(await makeImage(folder, 'bad/cut.jpg', { ...large, format: 'jpeg' }));
    truncatedPng = await makeTruncated(await makeImage(folder, 'bad/cut.png', { ...large, format: 'png' }));
    await makeNonImage(folder, 'bad/notes.jpg');
    await makeHugePng(folder, 'bad/huge.png', 30000, 30000);
  });

  let cacheCount = 0;
  const run = (options: Partial<ImportOptions> = {}) =>
    importImages({
      folder,
      maxMegapixels: 268,
      knownPaths: new Set(),
      thumbnails: new ThumbnailCache(join(tmp.dir, `cache-${cacheCount++}`), 64),
      ...options,
    });

  it('imports the good files in folder order and skips the bad ones with their reasons', async () => {
    const progress: [number, number, string][] = [];
    const result = await run({ onProgress: (...step) => progress.push(step) });
    expect(result.images.map((i) => i.path)).toEqual(good);
    expect(result.images[0]).toMatchObject({ width: 64, height: 48, orientation: 1, format: 'jpeg' });
    expect(new Set(result.images.map((i) => i.sha256)).size).toBe(12);
    expect(result.skipped).toEqual([
      {
        path: truncatedJpeg,
        reason: expect.stringMatching(/^cut\.jpg cannot be read as an image: .*truncated/),
      },
      {
        path: truncatedPng,
        reason: expect.stringMatching(/^cut\.png cannot be read as an image: .*truncated/),
      },
      {
        path: join(folder, 'bad/huge.png'),
        reason: 'huge.png is 30000x30000 (900 MP); the limit is 268 MP.',
      },
      { path: join(folder, 'bad/notes.jpg'), reason: expect.stringMatching(/^notes\.jpg .*not a JPEG, PNG/) },
    ]);
    expect(result).toMatchObject({ alreadyPresent: 0, cancelled: false });
    expect(progress.map(([done, total]) => [done, total])).toEqual(
      Array.from({ length: 16 }, (_, i) => [i + 1, 16]),
    );
    expect(progress.map(([, , path]) => path).sort()).toEqual(
      [...good, ...result.skipped.map((s) => s.path)].sort(),
    );
  });

  it.each([1, 4])('gives the same order with %i in flight', async (concurrency) => {
    const result = await run({ concurrency });
    expect(result.images.map((i) => i.path)).toEqual(good);
    expect(result.skipped).toHaveLength(4);
  });

  it('skips known paths and counts them', async () => {
    const result = await run({ knownPaths: new Set(good.slice(0, 5)), recursive: true });
    expect(result.images.map((i) => i.path)).toEqual(good.slice(5));
    expect(result.alreadyPresent).toBe(5);
  });

  it('hands images over in ordered batches instead of one array', async () => {
    const batches: ImportedImage[][] = [];
    const result = await run({ batchSize: 5, onBatch: (batch) => void batches.push(batch) });
    expect(result.images).toEqual([]);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 2]);
    expect(batches.flat().map((i) => i.path)).toEqual(good);
  });

  it('stops promptly on abort, still delivering what finished', async () => {
    const cleanFolder = join(tmp.dir, 'clean');
    const clean = await makeFolderOfImages(cleanFolder, 12);
    const controller = new AbortController();
    const delivered: ImportedImage[] = [];
    let progressCalls = 0;
    const result = await run({
      folder: cleanFolder,
      signal: controller.signal,
      concurrency: 2,
      onBatch: (batch) => void delivered.push(...batch),
      onProgress: () => {
        if (++progressCalls === 3) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    // The file in flight on the other worker may still finish: 3 or 4 files in all.
    expect(progressCalls).toBeLessThanOrEqual(4);
    expect(delivered.map((i) => i.path)).toEqual(clean.slice(0, delivered.length));
    expect(delivered.length).toBeGreaterThanOrEqual(3);
  });

  it('does nothing once aborted before it starts', async () => {
    const result = await run({ signal: AbortSignal.abort() });
    expect(result).toEqual({ images: [], skipped: [], alreadyPresent: 0, cancelled: true });
  });

  it('stops with an error when the thumbnail cache cannot be written', async () => {
    const blocker = join(tmp.dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const thumbnails = new ThumbnailCache(blocker, 64);
    await expect(run({ thumbnails })).rejects.toMatchObject({ code: 'io_error' });
  });

  it('refuses a missing folder', async () => {
    await expect(run({ folder: join(tmp.dir, 'nope') })).rejects.toMatchObject({ code: 'not_found' });
  });
});
