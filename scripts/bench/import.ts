// `npx tsx scripts/bench/import.ts [count] [concurrency]`: imports a folder of `count` (default 5000) distinct
// 1280x720 photo-like JPEGs (about 150 KB each) into a fresh thumbnail cache: probe + hash + thumbnail per
// file, as the studio does. Making the folder is not timed. Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMPORT_CONCURRENCY, importImages } from '../../electron/media/import-images';
import { ThumbnailCache } from '../../electron/media/thumbnail-cache';
import { makeFolderOfImages } from '../../test/helpers/images';

const count = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? DEFAULT_IMPORT_CONCURRENCY);
const [width, height] = [1280, 720];
const dir = mkdtempSync(join(tmpdir(), 'vps-bench-import-'));
const mb = (bytes: number) => Math.round(bytes / 1e6);
const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

try {
  let started = performance.now();
  const folder = join(dir, 'photos');
  await makeFolderOfImages(folder, count, { width, height, perFolder: 100, texture: true });
  const generateMs = performance.now() - started;

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  let batches = 0;
  started = performance.now();
  const result = await importImages({
    folder,
    maxMegapixels: 268,
    knownPaths: new Set(),
    thumbnails: new ThumbnailCache(join(dir, 'thumbs'), 256),
    concurrency,
    onBatch: () => void batches++,
  });
  const importMs = performance.now() - started;
  clearInterval(sampler);

  console.log(
    JSON.stringify({
      images: count,
      size: `${width}x${height}`,
      format: 'jpeg',
      concurrency,
      skipped: result.skipped.length,
      batches,
      generateS: seconds(generateMs),
      importS: seconds(importMs),
      imagesPerSec: Math.round(count / (importMs / 1000)),
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(peakRss),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
