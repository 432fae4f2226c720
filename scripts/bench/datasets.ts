// `npx tsx scripts/bench/datasets.ts [images] [annotationsPerImage]`: a COCO file of 10,000 images and 100,000
// annotations (60% boxes, 30% polygons, 10% RLE masks) over real 1280x720 JPEGs (hard links of one file) is
// imported into a fresh project, then exported in every format, the import and each export in its own process
// so its peak RSS (the kernel's maximum resident size of that process, synchronous phases included) is its
// own. Making the files is not timed. Everything goes under the OS temp folder: `TMPDIR=/dev/shm` measures the
// studio's code without the disk (on this VM's disk creating a file costs 0.05-0.6 ms of kernel time, depending
// on what else runs). Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { EXPORT_FORMATS, exportSettingsSchema, type ExportFormat } from '../../shared/api/datasets';
import { createMask, maskToRle } from '../../shared/geometry';

const [width, height] = [1280, 720];
const mb = (bytes: number) => Math.round(bytes / 1e6);
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

/** Runs `work` and returns its wall and CPU time, the RSS before it and the process's peak RSS. */
async function measured<T>(work: () => Promise<T>) {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return {
    result,
    s: seconds(ms),
    // CPU time of the process (the main thread and libuv's file threads): what load on a shared machine does
    // not stretch, unlike the wall time.
    cpuS: seconds((user + system) / 1000),
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
  };
}

async function exportChild(format: ExportFormat, project: string, target: string) {
  const store = ProjectStore.open(project);
  const settings = exportSettingsSchema.parse({
    format,
    llavaTemplate: format === 'llava' ? 'region' : 'caption',
  });
  const { result, ...figures } = await measured(() =>
    exportDataset(store, {
      ...settings,
      target,
      overwrite: false,
      images: 'hardlink',
      studioVersion: 'bench',
      now: () => new Date(),
    }),
  );
  store.close();
  console.log(JSON.stringify({ ...figures, files: result.manifest.files.length }));
}

async function importChild(labels: string, images: string, project: string) {
  const store = ProjectStore.create(project, { name: 'bench' });
  const { result, ...figures } = await measured(() =>
    importDataset(store, { format: 'coco', labels, images, maxMegapixels: 268 }),
  );
  store.close();
  console.log(JSON.stringify({ ...figures, annotations: result.annotations }));
}

/** Runs this script in its own process with `args`; its last JSON line. */
function inChild(args: string[]): Record<string, unknown> {
  const run = spawnSync('npx', ['tsx', new URL(import.meta.url).pathname, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as Record<string, unknown>;
}

function cocoFile(images: number, perImage: number) {
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  // A few distinct masks, reused: encoding is benchmarked elsewhere (rle.ts).
  const masks = Array.from({ length: 8 }, (_, k) => {
    const mask = createMask(width, height);
    const [x0, y0] = [100 + k * 100, 200 + k * 20];
    for (let y = y0; y < y0 + 120; y++) mask.data.fill(1, y * width + x0, y * width + x0 + 150);
    return maskToRle(mask);
  });
  const categories = [
    'car',
    'truck',
    'bus',
    'person',
    'bicycle',
    'traffic light',
    'traffic sign',
    'rider',
  ].map((name, i) => ({ id: i + 1, name }));
  const annotations: unknown[] = [];
  const imageList = Array.from({ length: images }, (_, i) => ({
    id: i + 1,
    file_name: `img-${i}.jpg`,
    width,
    height,
  }));
  for (const image of imageList) {
    for (let k = 0; k < perImage; k++) {
      const [x, y, w, h] = [rand() * 1000, rand() * 500, 20 + rand() * 200, 20 + rand() * 180];
      const kind = rand();
      const segmentation =
        kind < 0.6
          ? []
          : kind < 0.9
            ? [[x, y, x + w, y, x + w, y + h * 0.7, x + w / 2, y + h, x, y + h]]
            : masks[Math.floor(rand() * masks.length)];
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: 1 + Math.floor(rand() * categories.length),
        bbox: [x, y, w, h],
        segmentation,
        iscrowd: 0,
      });
    }
  }
  return { images: imageList, annotations, categories };
}

async function main() {
  if (process.argv[2] === '--export')
    return exportChild(process.argv[3] as ExportFormat, process.argv[4]!, process.argv[5]!);
  if (process.argv[2] === '--import')
    return importChild(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  const images = Number(process.argv[2] ?? 10_000);
  const perImage = Number(process.argv[3] ?? 10);
  const dir = mkdtempSync(join(tmpdir(), 'vps-bench-datasets-'));
  try {
    const folder = join(dir, 'images');
    mkdirSync(folder);
    const original = join(dir, 'original.jpg');
    await sharp({ create: { width, height, channels: 3, background: { r: 90, g: 110, b: 130 } } })
      .jpeg()
      .toFile(original);
    for (let i = 0; i < images; i++) linkSync(original, join(folder, `img-${i}.jpg`));
    const labels = join(dir, 'instances.json');
    const doc = JSON.stringify(cocoFile(images, perImage));
    writeFileSync(labels, doc);

    const project = join(dir, 'bench.vpstudio');
    const imported = inChild(['--import', labels, folder, project]);
    const exports: Record<string, unknown> = {};
    for (const format of EXPORT_FORMATS) {
      exports[format] = inChild(['--export', format, project, join(dir, `out-${format}`)]);
      // Every export hard-links the same file 10,000 times: remove it before the next, within a file's link limit.
      rmSync(join(dir, `out-${format}`), { recursive: true, force: true });
    }
    console.log(
      JSON.stringify({
        images,
        annotations: imported.annotations,
        labelFileMb: mb(doc.length),
        tempFolder: tmpdir(),
        loadAverage: loadavg().map((v) => Number(v.toFixed(1))),
        import: imported,
        export: exports,
        note: 'images hard-linked into exports; LLaVA with the region template (one turn per object)',
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
