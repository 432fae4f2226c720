// Project store benchmark (`npx tsx scripts/bench/store.ts`), printing one JSON object:
// (a) 100,000 annotations inserted through the store vs a bare prepared INSERT of the same rows (same schema and
//     indexes, one transaction, fresh files); (b) one page of 100 images of a 50,000-image project per filter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ImageFilter } from '../../shared/api';
import type { Box, ImageStatus } from '../../shared/domain';
import { IMAGE_STATUSES } from '../../shared/domain';
import { rleFromCounts } from '../../shared/geometry';
import { annotationArea } from '../../electron/store/annotation-geometry';
import { ProjectStore } from '../../electron/store/project-store';
import type { NewAnnotation, NewImage } from '../../electron/store/types';

const WIDTH = 640;
const HEIGHT = 480;
const ANNOTATIONS = 100_000;
const LIST_IMAGES = 50_000;
const RUNS = 50;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const image = (k: number, path: string): NewImage => ({
  path,
  sha256: k.toString(16).padStart(64, '0'),
  sizeBytes: 200_000,
  width: WIDTH,
  height: HEIGHT,
  orientation: 1,
  format: 'jpeg',
});

/** A filled rectangle as COCO RLE: column-major runs, background first. */
function rectangleRle([x1, y1, x2, y2]: Box) {
  const counts: number[] = [x1 * HEIGHT + y1];
  for (let x = x1; x < x2; x++) counts.push(y2 - y1, x === x2 - 1 ? 0 : HEIGHT - (y2 - y1));
  counts[counts.length - 1] = (WIDTH - x2) * HEIGHT + (HEIGHT - y2);
  return rleFromCounts({ size: [HEIGHT, WIDTH], counts });
}

/** Boxes, polygons and a few masks, as a batch pre-labelling job would write them. */
function makeAnnotations(
  count: number,
  imageIds: number,
  labelIds: readonly number[],
  seed: number,
): NewAnnotation[] {
  const r = rng(seed);
  return Array.from({ length: count }, (): NewAnnotation => {
    const x1 = r.int(WIDTH - 40);
    const y1 = r.int(HEIGHT - 40);
    const box: Box = [x1, y1, x1 + 10 + r.int(30), y1 + 10 + r.int(30)];
    const common = {
      imageId: 1 + r.int(imageIds),
      labelId: labelIds[r.int(labelIds.length)]!,
      source: 'model' as const,
      modelId: 'sam-vit-b',
      promptId: null,
      score: r.next(),
      reviewState: r.next() < 0.5 ? ('proposed' as const) : ('accepted' as const),
    };
    const pick = r.next();
    if (pick < 0.6) return { ...common, kind: 'box', geometry: { kind: 'box', box }, rle: null };
    if (pick < 0.9) {
      const ring = Array.from({ length: 8 }, (_, i): [number, number] => {
        const angle = (i / 8) * 2 * Math.PI;
        return [box[0] + 20 + 15 * Math.cos(angle), box[1] + 20 + 15 * Math.sin(angle)];
      });
      return { ...common, kind: 'polygon', geometry: { kind: 'polygon', rings: [ring] }, rle: null };
    }
    return { ...common, kind: 'mask', geometry: { kind: 'mask', box }, rle: rectangleRle(box) };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** A fresh project with `images` images and labels; returns its path and label ids. */
function freshProject(dir: string, name: string, images: number) {
  const path = join(dir, `${name}.vpstudio`);
  const store = ProjectStore.create(path, { name });
  store.insertImages(Array.from({ length: images }, (_, k) => image(k, `/data/images/${k}.jpg`)));
  const labelIds = ['car', 'truck', 'bus', 'person', 'bicycle', 'traffic light', 'sign', 'lane'].map(
    (n) => store.createLabel({ name: n }).id,
  );
  return { path, store, labelIds };
}

function insertBenchmark(dir: string) {
  const repeats = 5;
  const ours: number[] = [];
  const bare: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    const a = freshProject(dir, `ours-${rep}`, 1000);
    const items = makeAnnotations(ANNOTATIONS, 1000, a.labelIds, 7);
    ours.push(timed(() => a.store.insertAnnotations(items)));
    a.store.close();

    const b = freshProject(dir, `bare-${rep}`, 1000);
    b.store.close();
    const areas = items.map((item) => annotationArea(item, [HEIGHT, WIDTH]));
    // The same connection settings as a store connection: only our code differs between the two timings.
    const db = new Database(b.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(
      `INSERT INTO annotations (image_id, label_id, kind, geometry, rle_counts, rle_h, rle_w, area, source,
         model_id, prompt_id, score, review_state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    bare.push(
      timed(() =>
        db.transaction(() => {
          const at = new Date().toISOString();
          items.forEach((x, k) =>
            insert.run(
              x.imageId,
              x.labelId,
              x.kind,
              JSON.stringify(x.geometry),
              x.rle?.counts ?? null,
              x.rle?.size[0] ?? null,
              x.rle?.size[1] ?? null,
              areas[k],
              x.source,
              x.modelId,
              x.promptId,
              x.score,
              x.reviewState,
              at,
              at,
            ),
          );
        })(),
      ),
    );
    db.close();
  }
  const oursMs = median(ours);
  const bareMs = median(bare);
  return {
    rows: ANNOTATIONS,
    repeats,
    ours: { medianMs: round(oursMs, 0), rowsPerSec: Math.round(ANNOTATIONS / (oursMs / 1000)) },
    bare: { medianMs: round(bareMs, 0), rowsPerSec: Math.round(ANNOTATIONS / (bareMs / 1000)) },
    ratio: round(oursMs / bareMs),
    target: 'ratio <= 1.5',
  };
}

function listBenchmark(dir: string) {
  const r = rng(11);
  const path = join(dir, 'list.vpstudio');
  const setup = performance.now();
  const store = ProjectStore.create(path, { name: 'Driving' });
  // Folders of 100 frames, as dashcam sequences come.
  store.insertImages(
    Array.from({ length: LIST_IMAGES }, (_, k) =>
      image(k, `/data/drive/seq-${String(Math.floor(k / 100)).padStart(3, '0')}/frame-${k % 100}.jpg`),
    ),
  );
  const byStatus = new Map<ImageStatus, number[]>(IMAGE_STATUSES.map((s) => [s, []]));
  for (let id = 1; id <= LIST_IMAGES; id++)
    byStatus.get(IMAGE_STATUSES[r.int(IMAGE_STATUSES.length)]!)!.push(id);
  for (const [status, ids] of byStatus) store.setImageStatus(ids, status);
  store.setMissing(
    Array.from({ length: 1000 }, (_, k) => 1 + k * 50),
    true,
  );
  const labelIds = ['car', 'truck', 'bus', 'person', 'bicycle', 'traffic light', 'sign', 'lane'].map(
    (n) => store.createLabel({ name: n }).id,
  );
  // About a third of the images get annotations; half of those are model proposals awaiting review.
  store.insertAnnotations(makeAnnotations(60_000, LIST_IMAGES / 3, labelIds, 5));
  const setupMs = performance.now() - setup;

  const filters: Record<string, ImageFilter> = {
    none: {},
    status: { status: 'done' },
    labelId: { labelId: labelIds[3]! },
    hasPredictions: { hasPredictions: true },
    search: { search: 'seq-04' },
    missing: { missing: true },
    combined: { status: 'review', labelId: labelIds[0]!, hasPredictions: true },
  };
  const results: Record<string, { total: number; medianMs: number; p95Ms: number }> = {};
  for (const [name, filter] of Object.entries(filters)) {
    const { total } = store.listImages(filter, 0, 1);
    const pages = Math.max(1, Math.ceil(total / 100));
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Pages all over the list: late pages cost more (OFFSET walks the rows before them).
      const offset = (run === 0 ? 0 : r.int(pages)) * 100;
      times.push(timed(() => store.listImages(filter, offset, 100)));
    }
    results[name] = { total, medianMs: round(median(times)), p95Ms: round(p95(times)) };
  }
  const counts = store.info().counts;
  store.close();
  return {
    images: LIST_IMAGES,
    counts,
    setupMs: Math.round(setupMs),
    pageSize: 100,
    runs: RUNS,
    filters: results,
    target: 'median < 20 ms',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'vps-bench-store-'));
try {
  const insert = insertBenchmark(dir);
  const list = listBenchmark(dir);
  console.log(JSON.stringify({ insertAnnotations: insert, listImages: list }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
