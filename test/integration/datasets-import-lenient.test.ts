// One bad record does not refuse a whole file: by default the rest is imported and each record left out is a
// warning naming it as the file does (its list, index and own id); `strict` refuses the file as before.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { makeImage } from '../helpers/images';
import { studioErrorOf } from '../helpers/studio-error';
import { makeTempDir } from '../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function setup() {
  const { dir, cleanup } = makeTempDir('vps-import-lenient-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Lenient' });
  cleanups.push(cleanup, () => store.close());
  const images = join(dir, 'images');
  await makeImage(images, 'a.jpg', { width: 40, height: 30, format: 'jpeg', pattern: 1 });
  return { store, dir, images };
}

const box = (id: number) => ({ id, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] });
/** An RLE of the image's size that covers no pixel: 1200 background pixels. */
const emptyMask = {
  id: 127096,
  image_id: 1,
  category_id: 1,
  segmentation: { size: [30, 40], counts: [1200] },
};
const doc = {
  images: [{ id: 1, file_name: 'a.jpg', width: 40, height: 30 }],
  categories: [{ id: 1, name: 'car' }],
  annotations: [box(1), box(2), box(3), box(4), emptyMask, box(6)],
};

async function writeLabels(dir: string, value: unknown) {
  const labels = join(dir, 'labels.json');
  await writeFile(labels, JSON.stringify(value));
  return labels;
}

describe('dataset import leaves out bad records by default', () => {
  it('imports the rest of a COCO file with an empty mask, with a warning naming annotations[4] (id 127096)', async () => {
    const { store, dir, images } = await setup();
    const labels = await writeLabels(dir, doc);
    const report = await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
    expect(report).toMatchObject({ imagesAdded: 1, annotations: 5, recordsSkipped: 1 });
    expect(report.issues).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.issues.items).toEqual([
      {
        severity: 'warning',
        where: 'labels.json: annotations[4] (id 127096)',
        message: 'The mask is empty: it covers no pixel. It was left out.',
      },
    ]);
    expect(store.listAnnotations(1)).toHaveLength(5);
  });

  it('refuses the whole file with strict, writing nothing', async () => {
    const { store, dir, images } = await setup();
    const labels = await writeLabels(dir, doc);
    const err = await studioErrorOf(
      importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10, strict: true }),
    );
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^The dataset has 1 problem; nothing was imported/);
    const details = err.details as { items: { severity: string; where: string }[] };
    expect(details.items).toEqual([
      expect.objectContaining({ severity: 'error', where: 'labels.json: annotations[4] (id 127096)' }),
    ]);
    expect(store.info().counts).toMatchObject({ images: 0, annotations: 0, labels: 0 });
  });

  it('names a Scalabel label by its frame, index and id, and a KITTI object by its line', async () => {
    const { store, dir, images } = await setup();
    const labels = await writeLabels(dir, [
      {
        name: 'a.jpg',
        labels: [
          { id: 7, category: 'car', box2d: { x1: 1, y1: 1, x2: 9, y2: 9 } },
          { id: 'x9', category: 'car', rle: { size: [30, 40], counts: 'PU1' } }, // 1200 background pixels
        ],
      },
    ]);
    const report = await importDataset(store, { format: 'bdd100k', labels, images, maxMegapixels: 10 });
    expect(report).toMatchObject({ annotations: 1, recordsSkipped: 1 });
    expect(report.issues.items.map((i) => i.where)).toEqual([
      'labels.json: frames[0] (a.jpg): labels[1] (id x9)',
    ]);

    const txt = join(dir, 'a.txt');
    await writeFile(
      txt,
      'Car 0.00 0 0.00 1.00 1.00 9.00 9.00 1 1 1 1 1 1 0\nCar 0.00 0 0.00 50.00 50.00 60.00 60.00 1 1 1 1 1 1 0\n',
    );
    const kitti = await importDataset(store, { format: 'kitti', labels: txt, images, maxMegapixels: 10 });
    expect(kitti.issues.items.map((i) => [i.severity, i.where])).toEqual([
      ['warning', 'a.txt: line 2'],
      ['warning', 'a.txt'], // KITTI's "Car" beside BDD100K's "car": said, not merged
    ]);
  });
});
