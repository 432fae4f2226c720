// Import keeps what the studio does not model and the same format's export writes it back: a Scalabel label's
// box2d, poly2d and rle together (and its other keys), integer ids as integers, COCO's own annotation and image
// fields with its bbox and area; an edited shape drops only the kept geometry. What cannot be kept is a warning
// with a count. Real samples (../shared/data) and generated files, a real project file, exports read back.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset, type DatasetImportOptions } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { exportOptions } from '../helpers/export-options';
import { makeImage } from '../helpers/images';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const sample = (...parts: string[]) => join(DRIVING_SAMPLE, ...parts);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project() {
  const { dir, cleanup } = makeTempDir('vps-import-keep-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Keep' });
  cleanups.push(cleanup, () => store.close());
  return { store, dir };
}

const importInto = (store: ProjectStore, options: Omit<DatasetImportOptions, 'maxMegapixels'>) =>
  importDataset(store, { maxMegapixels: 100, ...options });

async function exportJson(store: ProjectStore, dir: string, format: 'bdd100k' | 'coco', file: string) {
  const out = join(dir, `out-${format}-${Math.random().toString(36).slice(2)}`);
  await exportDataset(store, exportOptions(out, { format }));
  return json(join(out, file));
}
const bddOut = (store: ProjectStore, dir: string) =>
  exportJson(store, dir, 'bdd100k', 'labels/det_train.json');
const cocoOut = (store: ProjectStore, dir: string) =>
  exportJson(store, dir, 'coco', 'annotations/instances_train.json');

type Label = Record<string, unknown> & { id: unknown; box2d?: unknown; poly2d?: unknown; rle?: unknown };

describe.skipIf(!existsSync(DRIVING_SAMPLE))('import keeps what it does not model (driving sample)', () => {
  it('a Scalabel label with box2d, poly2d and rle keeps all three, and every other key, through BDD100K', async () => {
    const { store, dir } = project();
    const file = sample('bdd100k_ins_seg', '620a7840-33cada02.rle.json');
    const source = json(file).frames[0];
    const report = await importInto(store, {
      format: 'bdd100k',
      labels: file,
      images: sample('bdd100k_ins_seg'),
    });
    expect(report.issues).toMatchObject({ errors: 0, warnings: 0 });
    const [frame] = await bddOut(store, dir);
    const byId = new Map<unknown, Label>(frame.labels.map((l: Label) => [l.id, l]));
    expect(frame.labels).toHaveLength(source.labels.length);
    for (const want of source.labels as Label[]) {
      const got = byId.get(want.id)!;
      expect(got, String(want.id)).toBeDefined();
      // Every key of the source label, with its value (null ones too), and nothing it did not have but an
      // empty attributes object.
      expect(got).toEqual(want);
    }
  });

  it('MOTS labels keep their own box2d and hand-drawn poly2d beside the mask', async () => {
    const { store, dir } = project();
    const file = sample('bdd100k_mots', '00091078-875c1f73-0000166.json');
    const [source] = json(file);
    await importInto(store, { format: 'bdd100k', labels: file, images: sample('bdd100k_mots') });
    const [frame] = await bddOut(store, dir);
    const pick = (l: Label) => [l.id, l.box2d, l.poly2d, (l.rle as { counts: string }).counts];
    expect(frame.labels.map(pick)).toEqual(source.labels.map(pick));
  });

  it('integer ids stay integers, and detection labels keep manualShape, box3d and poly2d: null', async () => {
    const { store, dir } = project();
    const file = sample('bdd100k_det', '12305469-7a4947e7.json');
    const [source] = json(file);
    await importInto(store, { format: 'bdd100k', labels: file, images: sample('bdd100k_det') });
    const [frame] = await bddOut(store, dir);
    expect(frame.labels).toEqual(source.labels);
    expect(typeof frame.labels[0].id).toBe('number');
  });

  it('COCO annotations keep ignore, their bbox and area; nuScenes images and annotations keep their own fields', async () => {
    const { store, dir } = project();
    const det = sample('bdd100k_det', '12305469-7a4947e7.coco.json');
    await importInto(store, { format: 'coco', labels: det, images: sample('bdd100k_det') });
    const out = await cocoOut(store, dir);
    const fields = (a: Record<string, unknown>) => [a.ignore, a.bbox, a.area];
    expect(out.annotations.map(fields)).toEqual(json(det).annotations.map(fields));

    const other = project();
    const nus = sample(
      'nuscenes_coco',
      'n015-2018-07-18-11-07-57+0800__CAM_BACK_LEFT__1531883530447423.json',
    );
    const source = json(nus);
    await importInto(other.store, { format: 'coco', labels: nus, images: sample('nuscenes_coco') });
    const written = await cocoOut(other.store, other.dir);
    const { id: _id, file_name: _name, width: _w, height: _h, ...imageFields } = source.images[0];
    expect(written.images[0]).toMatchObject(imageFields);
    const kept = (a: Record<string, unknown>) => [
      a.bbox_cam3d,
      a.velo_cam3d,
      a.center2d,
      a.attribute_name,
      a.bbox,
      a.area,
    ];
    expect(written.annotations.map(kept)).toEqual(source.annotations.map(kept));
  });
});

describe('import keeps what it does not model (generated files)', () => {
  async function setup() {
    const { store, dir } = project();
    const images = join(dir, 'images');
    await makeImage(images, 'a.jpg', { width: 40, height: 30, format: 'jpeg', pattern: 1 });
    return { store, dir, images };
  }

  it('writes back COCO scalabel_id and ignore; an edited shape gets a new bbox and area, its other fields stay', async () => {
    const { store, dir, images } = await setup();
    const labels = join(dir, 'labels.json');
    await writeFile(
      labels,
      JSON.stringify({
        info: { description: 'source' },
        licenses: [{ id: 1, name: 'CC' }],
        images: [{ id: 7003, file_name: 'a.jpg', width: 40, height: 30 }],
        categories: [
          { id: 1, name: 'car', supercategory: 'vehicle' },
          { id: 2, name: 'bus', supercategory: 'vehicle' },
        ],
        annotations: [
          {
            id: 11,
            image_id: 7003,
            category_id: 1,
            bbox: [1.5, 2, 10, 8],
            area: 79.5,
            iscrowd: 0,
            ignore: 1,
            scalabel_id: '16',
          },
          {
            id: 12,
            image_id: 7003,
            category_id: 2,
            bbox: [20, 10, 5, 5],
            area: 25,
            iscrowd: 0,
            ignore: 0,
            scalabel_id: 17,
          },
        ],
      }),
    );
    const report = await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
    // What the project cannot hold is said, with a count.
    expect(report.issues.items).toEqual([
      {
        severity: 'warning',
        where: 'labels.json',
        message:
          'Not kept (the export writes its own): "info", "licenses", and the "supercategory" of 2 categories.',
      },
    ]);
    const out = await cocoOut(store, dir);
    expect(
      out.annotations.map((a: Record<string, unknown>) => [a.scalabel_id, a.ignore, a.bbox, a.area]),
    ).toEqual([
      ['16', 1, [1.5, 2, 10, 8], 79.5],
      [17, 0, [20, 10, 5, 5], 25],
    ]);
    const [first, second] = store.listAnnotations(1);
    store.saveAnnotations(1, [{ ...first!, geometry: { kind: 'box', box: [2, 2, 12, 12] } }], []);
    const again = await cocoOut(store, dir);
    expect(
      again.annotations.map((a: Record<string, unknown>) => [a.scalabel_id, a.ignore, a.bbox, a.area]),
    ).toEqual([
      ['16', 1, [2, 2, 10, 10], 100],
      [17, 0, [20, 10, 5, 5], 25],
    ]);
    expect(second).toBeDefined();
  });

  it('a box the import clipped to the image is written as clipped, not as the source had it', async () => {
    const { store, dir, images } = await setup();
    const labels = join(dir, 'labels.json');
    await writeFile(
      labels,
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg', width: 40, height: 30 }],
        categories: [{ id: 1, name: 'car' }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [30, 20, 20, 20], area: 400, ignore: 0 }],
      }),
    );
    await importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10 });
    const out = await cocoOut(store, dir);
    expect(out.annotations.map((a: Record<string, unknown>) => [a.ignore, a.bbox, a.area])).toEqual([
      [0, [30, 20, 10, 10], 100],
    ]);
  });

  it('a BDD label whose mask is edited drops its kept box2d and poly2d, keeping id and other keys', async () => {
    const { store, dir, images } = await setup();
    const car5 = {
      id: 5,
      category: 'car',
      manualShape: true,
      box2d: { x1: 1, y1: 1, x2: 20.5, y2: 20.5 },
      poly2d: [
        {
          vertices: [
            [1, 1],
            [20, 1],
            [20, 20],
          ],
          types: 'LLL',
          closed: true,
        },
      ],
    };
    const lane6 = {
      id: 6,
      category: 'lane',
      box2d: { x1: 2, y1: 2, x2: 30, y2: 4 },
      poly2d: [
        {
          vertices: [
            [2, 3],
            [30, 3],
          ],
          types: 'LL',
          closed: false,
        },
      ],
    };
    const labels = join(dir, 'labels.json');
    await writeFile(
      labels,
      JSON.stringify([{ name: 'a.jpg', url: 'http://x/a.jpg', labels: [car5, lane6] }]),
    );
    const report = await importDataset(store, { format: 'bdd100k', labels, images, maxMegapixels: 10 });
    expect(report.issues).toMatchObject({ errors: 0, warnings: 0 });
    const [frame] = await bddOut(store, dir);
    expect(frame.url).toBe('http://x/a.jpg');
    // Both labels as they were (the open polyline of the lane rides along with its box: nothing is left out),
    // with an empty attributes object.
    expect(frame.labels).toEqual([
      { ...car5, attributes: {} },
      { ...lane6, attributes: {} },
    ]);
    const [car] = store.listAnnotations(1);
    store.saveAnnotations(
      1,
      [
        {
          ...car!,
          kind: 'polygon',
          geometry: {
            kind: 'polygon',
            rings: [
              [
                [2, 2],
                [10, 2],
                [10, 10],
              ],
            ],
          },
        },
      ],
      [],
    );
    const [edited] = await bddOut(store, dir);
    expect(edited.labels[0]).toEqual({
      id: 5,
      category: 'car',
      attributes: {},
      manualShape: true,
      box2d: { x1: 2, y1: 2, x2: 10, y2: 10 },
      poly2d: [
        {
          vertices: [
            [2, 2],
            [10, 2],
            [10, 10],
          ],
          types: 'LLL',
          closed: true,
        },
      ],
    });
  });
});
