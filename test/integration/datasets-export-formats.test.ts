// Exports as the tools that read them see them (issue 13, export side): the split report, KITTI tracking
// files, BDD100K ignore regions and BLIP-2 tables, each read back with a parser of its own. Real project files,
// real images, real output folders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset, type DatasetExportOptions } from '../../electron/datasets/export-dataset';
import { importDataset, type DatasetImportOptions } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { exportOptions } from '../helpers/export-options';
import { makeImage } from '../helpers/images';
import { makeTempDir } from '../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A project with `n` 40 x 30 images img-<k>.png, each with one box of label car, imported from COCO. */
async function project(n: number) {
  const { dir, cleanup } = makeTempDir('vps-export-formats-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Formats' });
  cleanups.push(cleanup, () => store.close());
  const images = join(dir, 'images');
  const names = Array.from({ length: n }, (_, k) => `img-${k}.png`);
  for (const [k, name] of names.entries())
    await makeImage(images, name, { width: 40, height: 30, format: 'png', pattern: k + 1 });
  const labels = join(dir, 'labels.json');
  writeFileSync(
    labels,
    JSON.stringify({
      images: names.map((file_name, k) => ({ id: k + 1, file_name, width: 40, height: 30 })),
      categories: [{ id: 1, name: 'car' }],
      annotations: names.map((_, k) => ({
        id: k + 1,
        image_id: k + 1,
        category_id: 1,
        bbox: [1, 1, 10, 10],
      })),
    }),
  );
  await importInto(store, { format: 'coco', labels, images });
  return { store, dir, images };
}

const importInto = (store: ProjectStore, options: Omit<DatasetImportOptions, 'maxMegapixels'>) =>
  importDataset(store, { maxMegapixels: 10, ...options });

const exportFrom = (
  store: ProjectStore,
  dir: string,
  options: Partial<DatasetExportOptions> & Pick<DatasetExportOptions, 'format'>,
) => exportDataset(store, exportOptions(join(dir, 'out'), options));

const SPLIT_811 = { ratios: { train: 0.8, val: 0.1, test: 0.1 }, seed: 3 };

describe('the split of a small export', () => {
  it('gives every requested split an image when there are enough', async () => {
    const { store, dir } = await project(3);
    const report = await exportFrom(store, dir, { format: 'coco', split: SPLIT_811 });
    expect(Object.values(report.manifest.counts).map((c) => c.images)).toEqual([1, 1, 1]);
    expect(report.issues.warnings).toBe(0);
  });

  it('says which split stays empty when there are fewer images than splits', async () => {
    const { store, dir } = await project(2);
    const report = await exportFrom(store, dir, { format: 'coco', split: SPLIT_811 });
    expect(Object.values(report.manifest.counts).map((c) => c.images)).toEqual([1, 1, 0]);
    expect(report.issues.items).toEqual([
      {
        severity: 'warning',
        where: 'split',
        message: 'test has no image: 2 images cannot fill every split with a ratio above 0.',
      },
    ]);
  });
});
