// A COCO polygon the studio cannot keep as an outline (it leaves the image, or crosses itself) is imported as
// the pixels pycocotools gives it, checked against outputs of the real pycocotools (../shared/vectors); one it
// keeps is exported with pycocotools' area.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { makeImage } from '../helpers/images';
import { PYCOCOTOOLS_VECTORS } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

interface PolygonVector {
  height: number;
  width: number;
  polygon: number[];
  note: string;
  counts: string;
  area: number;
}

const present = existsSync(PYCOCOTOOLS_VECTORS);
if (!present) console.warn(`Skipping the pycocotools import test: ${PYCOCOTOOLS_VECTORS} is absent.`);
const polygons = present
  ? (JSON.parse(readFileSync(PYCOCOTOOLS_VECTORS, 'utf8')) as { polygons: PolygonVector[] }).polygons
  : [];

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe.skipIf(!present)('COCO polygons import with the pixels pycocotools gives them', () => {
  it('each polygon vector: a mask with the exact runs when the outline cannot be kept, else the same area on export', async () => {
    const { dir, cleanup } = makeTempDir('vps-import-pycocotools-');
    cleanups.push(cleanup);
    const images = join(dir, 'images');
    for (const [i, p] of polygons.entries())
      await makeImage(images, `p${i}.png`, { width: p.width, height: p.height, format: 'png', pattern: i });
    const labels = join(dir, 'labels.json');
    await writeFile(
      labels,
      JSON.stringify({
        images: polygons.map((p, i) => ({
          id: i + 1,
          file_name: `p${i}.png`,
          width: p.width,
          height: p.height,
        })),
        categories: [{ id: 1, name: 'thing' }],
        annotations: polygons.map((p, i) => ({
          id: i + 1,
          image_id: i + 1,
          category_id: 1,
          segmentation: [p.polygon],
          iscrowd: 0,
        })),
      }),
    );
    const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Vectors' });
    cleanups.push(() => store.close());
    const report = await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
    // A polygon that covers no pixel is left out with its reason; the vectors' all cover some.
    expect(report.annotations).toBe(polygons.length);
    const kept: number[] = [];
    polygons.forEach((p, i) => {
      const [a] = store.listAnnotations(i + 1);
      if (a!.kind === 'mask')
        expect(a!.rle, `${p.note} ${i}`).toEqual({ size: [p.height, p.width], counts: p.counts });
      else kept.push(i);
    });
    // Some stay outlines (the boxes at least), some become masks: both paths are checked.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(polygons.length);

    const out = join(dir, 'out');
    await exportDataset(store, {
      format: 'coco',
      cocoSegmentation: 'rle',
      llavaTemplate: 'caption',
      llavaJsonl: false,
      blip2Variant: 'vqa',
      split: { ratios: { train: 1, val: 0, test: 0 }, seed: 1 },
      filters: { reviewStates: ['accepted', 'edited'], includeEmptyImages: false },
      target: out,
      overwrite: false,
      images: 'copy',
      studioVersion: 'test',
      now: () => new Date(0),
    });
    const doc = JSON.parse(await readFile(join(out, 'annotations/instances_train.json'), 'utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number; area: number; segmentation: unknown }[];
    };
    const byName = new Map(doc.images.map((im) => [im.file_name, im.id]));
    for (const i of kept) {
      const exported = doc.annotations.find((a) => a.image_id === byName.get(`p${i}.png`))!;
      expect(exported.segmentation).toEqual([polygons[i]!.polygon]);
      expect(exported.area).toBe(polygons[i]!.area);
    }
  });
});
