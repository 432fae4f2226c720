// Real samples (../shared/data/driving-sample) through import and export, compared field by field with the
// source files; a real project file, real images, real output folders.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset, type DatasetExportOptions } from '../../electron/datasets/export-dataset';
import { importDataset, type DatasetImportOptions } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { rleToMask, maskToRle } from '../../shared/geometry';
import { exportOptions } from '../helpers/export-options';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const sample = (...parts: string[]) => join(DRIVING_SAMPLE, ...parts);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project() {
  const { dir, cleanup } = makeTempDir('vps-datasets-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Round trip' });
  cleanups.push(cleanup, () => store.close());
  return { store, dir };
}

const importInto = (store: ProjectStore, options: Omit<DatasetImportOptions, 'maxMegapixels'>) =>
  importDataset(store, { maxMegapixels: 100, ...options });

const exportFrom = (
  store: ProjectStore,
  dir: string,
  options: Partial<DatasetExportOptions> & Pick<DatasetExportOptions, 'format'>,
) => exportDataset(store, exportOptions(join(dir, 'out'), options));

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe.skipIf(!existsSync(DRIVING_SAMPLE))('dataset round trips on the driving sample', () => {
  it('COCO -> import -> export -> the same images, categories, boxes and polygons', async () => {
    const { store, dir } = project();
    const source = json(sample('bdd100k_det', '12305469-7a4947e7.coco.json'));
    const report = await importInto(store, {
      format: 'coco',
      labels: sample('bdd100k_det', '12305469-7a4947e7.coco.json'),
      images: sample('bdd100k_det'),
    });
    expect(report).toMatchObject({
      imagesAdded: 1,
      annotations: source.annotations.length,
      recordsSkipped: 0,
    });
    expect(report.issues.errors).toBe(0);
    expect(store.listAnnotations(1).every((a) => a.source === 'import' && a.reviewState === 'accepted')).toBe(
      true,
    );

    await exportFrom(store, dir, { format: 'coco' });
    const out = json(join(dir, 'out', 'annotations', 'instances_train.json'));
    expect(out.images).toEqual([{ id: 1, file_name: '12305469-7a4947e7.jpg', width: 1280, height: 720 }]);
    const nameOf = (doc: { categories: { id: number; name: string }[] }, id: number) =>
      doc.categories.find((c) => c.id === id)!.name;
    const simplify = (doc: typeof source) =>
      doc.annotations.map(
        (a: { category_id: number; bbox: number[]; segmentation: number[][]; iscrowd: number }) => ({
          category: nameOf(doc, a.category_id),
          bbox: a.bbox.map((v) => Math.round(v * 1e6) / 1e6),
          segmentation: a.segmentation,
          iscrowd: a.iscrowd,
        }),
      );
    expect(simplify(out)).toEqual(simplify(source));
    expect(existsSync(join(dir, 'out', 'images', '12305469-7a4947e7.jpg'))).toBe(true);
  });

  it('COCO with string image ids and folders in file_name (nuScenes mono3d) keeps its boxes', async () => {
    const { store, dir } = project();
    const file = sample(
      'nuscenes_coco',
      'n015-2018-07-18-11-07-57+0800__CAM_BACK_LEFT__1531883530447423.json',
    );
    const source = json(file);
    const report = await importInto(store, { format: 'coco', labels: file, images: sample('nuscenes_coco') });
    expect(report.issues.errors).toBe(0);
    expect(report.annotations).toBe(source.annotations.length);
    await exportFrom(store, dir, { format: 'coco' });
    const out = json(join(dir, 'out', 'annotations', 'instances_train.json'));
    const boxes = (doc: { annotations: { bbox: number[] }[] }) =>
      doc.annotations.map((a) => a.bbox.map((v) => v.toFixed(6))).sort();
    expect(boxes(out)).toEqual(boxes(source));
    expect(out.images[0].file_name).toBe(
      'n015-2018-07-18-11-07-57_0800__CAM_BACK_LEFT__1531883530447423.jpg', // "+" is not kept in export names
    );
  });

  it('BDD100K instance polygons and MOTS masks -> import -> export -> equal categories, poly2d and rle', async () => {
    const { store, dir } = project();
    const polys = json(sample('bdd100k_ins_seg', '620a7840-33cada02.json'));
    await importInto(store, {
      format: 'bdd100k',
      labels: sample('bdd100k_ins_seg', '620a7840-33cada02.json'),
      images: sample('bdd100k_ins_seg'),
    });
    const mots = json(sample('bdd100k_mots', '00091078-875c1f73-0000166.json'));
    const motsReport = await importInto(store, {
      format: 'bdd100k',
      labels: sample('bdd100k_mots', '00091078-875c1f73-0000166.json'),
      images: sample('bdd100k_mots'),
    });
    expect(motsReport.issues.errors).toBe(0);
    await exportFrom(store, dir, { format: 'bdd100k' });
    const frames = json(join(dir, 'out', 'labels', 'det_train.json'));
    expect(frames.map((f: { name: string }) => f.name)).toEqual([polys[0].name, mots[0].name]);

    type Label = {
      id: string;
      attributes: object;
      category: string;
      poly2d?: { vertices: number[][] }[];
      rle?: { counts: string };
      box2d: object;
    };
    expect(frames[0].labels.map((l: Label) => [l.category, l.poly2d![0]!.vertices])).toEqual(
      polys[0].labels.map((l: Label) => [l.category, l.poly2d![0]!.vertices]),
    );
    // MOTS labels: the track id, attributes, rle (kept exactly) and the mask's box2d; the frame's video fields.
    const motsFields = (l: Label) => [l.id, l.category, l.attributes, l.rle!.counts, l.box2d];
    expect(frames[1].labels.map(motsFields)).toEqual(mots[0].labels.map(motsFields));
    expect(frames[1]).toMatchObject({ videoName: mots[0].videoName, frameIndex: mots[0].frameIndex });
  });

  it.each([
    ['semantic segmentation RLE, one label per class', 'bdd100k_sem_seg', '91051a8d-dc9c6637.json', 10],
    [
      'a Scalabel dataset object ({frames}) with boxes, polygons and RLE',
      'bdd100k_ins_seg',
      '620a7840-33cada02.rle.json',
      7,
    ],
  ])('BDD100K %s imports without a problem', async (_name, folder, file, count) => {
    const { store } = project();
    const report = await importInto(store, {
      format: 'bdd100k',
      labels: sample(folder, file),
      images: sample(folder),
    });
    expect(report.issues).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.annotations).toBe(count);
    expect(store.listAnnotations(1).every((a) => a.kind === 'mask')).toBe(true);
  });

  describe('BDD100K semantic and panoptic segmentation: import -> export -> re-import keeps every field', () => {
    const semFile = sample('bdd100k_sem_seg', '91051a8d-dc9c6637.json');
    type Frame = { name: string; labels: Record<string, unknown>[]; [key: string]: unknown };
    /**
     * The same frame in BDD100K's pan_seg layout: one RLE label per segment, stuff and things, with their crowd
     * and ignore attributes (the car region as a crowd), and frame attributes (made here: the sample has no
     * panoptic file).
     */
    const panoptic = (sem: Frame[]): Frame[] => [
      {
        name: sem[0]!.name,
        attributes: { weather: 'clear', scene: 'city street', timeofday: 'daytime' },
        labels: sem[0]!.labels.map((l, i) => ({
          id: i + 100,
          category: l.category,
          attributes: { crowd: l.category === 'car', ignore: false },
          rle: l.rle,
        })),
      },
    ];
    /** The exported label's fields named by the source label: every one must be there, equal. */
    const sourceFieldsOf = (exported: Record<string, unknown>, source: Record<string, unknown>) =>
      Object.fromEntries(Object.keys(source).map((k) => [k, exported[k]]));

    it.each([
      ['semantic (sem_seg)', (sem: Frame[]) => sem],
      ['panoptic (pan_seg)', panoptic],
    ])('%s', async (_name, make) => {
      const { store, dir } = project();
      const source = make(json(semFile) as Frame[]);
      const labels = join(dir, 'labels.json');
      writeFileSync(labels, JSON.stringify(source));
      const report = await importInto(store, {
        format: 'bdd100k',
        labels,
        images: sample('bdd100k_sem_seg'),
      });
      expect(report.issues).toMatchObject({ errors: 0, warnings: 0 });
      expect(report.annotations).toBe(source[0]!.labels.length);
      await exportFrom(store, dir, { format: 'bdd100k' });
      const [frame] = json(join(dir, 'out', 'labels', 'det_train.json')) as Frame[];
      const { labels: sourceLabels, ...sourceFrame } = source[0]!;
      expect(frame).toMatchObject(sourceFrame);
      expect(frame!.labels.map((l, k) => sourceFieldsOf(l, sourceLabels[k]!))).toEqual(sourceLabels);

      // The export imports again into a new project and exports to the same frame.
      const again = project();
      const second = await importInto(again.store, {
        format: 'bdd100k',
        labels: join(dir, 'out', 'labels', 'det_train.json'),
        images: join(dir, 'out', 'images'),
      });
      expect(second.issues).toMatchObject({ errors: 0, warnings: 0 });
      await exportFrom(again.store, again.dir, { format: 'bdd100k' });
      expect(json(join(again.dir, 'out', 'labels', 'det_train.json'))).toEqual([frame]);
    });
  });

  it('BDD100K detection boxes come back exactly', async () => {
    const { store, dir } = project();
    const det = json(sample('bdd100k_det', '12305469-7a4947e7.json'));
    await importInto(store, {
      format: 'bdd100k',
      labels: sample('bdd100k_det', '12305469-7a4947e7.json'),
      images: sample('bdd100k_det'),
    });
    await exportFrom(store, dir, { format: 'bdd100k' });
    const frames = json(join(dir, 'out', 'labels', 'det_train.json'));
    const fields = (labels: { id: number | string; category: string; box2d: object; attributes: object }[]) =>
      labels.map((l) => [String(l.id), l.category, l.box2d, l.attributes]);
    expect(fields(frames[0].labels)).toEqual(fields(det[0].labels));
    expect(frames[0]).toMatchObject({ attributes: det[0].attributes, timestamp: det[0].timestamp });
  });

  it('KITTI object and tracking boxes are preserved, DontCare included, object lines exactly', async () => {
    const { store, dir } = project();
    const objects = await importInto(store, {
      format: 'kitti',
      labels: sample('kitti_object'),
      images: sample('kitti_object'),
    });
    const tracking = await importInto(store, {
      format: 'kitti-tracking',
      labels: sample('kitti_tracking', '0001_000000.txt'),
      images: sample('kitti_tracking'),
    });
    expect([objects.annotations, tracking.annotations]).toEqual([4, 12]);
    expect(objects.labelsCreated).toEqual(['Pedestrian', 'Car', 'DontCare']);
    await exportFrom(store, dir, { format: 'kitti' });
    const boxesOf = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => {
          const f = line.trim().split(/\s+/);
          const at = f.length >= 17 ? 2 : 0; // tracking lines start with frame and track id
          return [f[at], ...f.slice(at + 4, at + 8).map((v) => Number(v).toFixed(2))].join(' ');
        });
    for (const [from, stem] of [
      [sample('kitti_object', '000000.txt'), '000000'],
      [sample('kitti_object', '000003.txt'), '000003'],
      [sample('kitti_tracking', '0001_000000.txt'), '0001_000000'],
    ] as const) {
      const written = readFileSync(join(dir, 'out', 'train', 'label_2', `${stem}.txt`), 'utf8');
      const source = readFileSync(from, 'utf8');
      expect(boxesOf(written)).toEqual(boxesOf(source));
      // Object files come back line for line, 3D fields included (kept beside the annotations).
      if (!stem.includes('_'))
        expect(written).toBe(
          source
            .trim()
            .split(/\r?\n/)
            .map((l) => `${l.trim()}\n`)
            .join(''),
        );
      expect(existsSync(join(dir, 'out', 'train', 'image_2', `${stem}.png`))).toBe(true);
    }
  });

  it('RLE written by the export decodes to the same pixels and re-encodes to the same pycocotools string', async () => {
    const { store, dir } = project();
    await importInto(store, {
      format: 'bdd100k',
      labels: sample('bdd100k_mots', '00091078-875c1f73-0000167.json'),
      images: sample('bdd100k_mots'),
    });
    await exportFrom(store, dir, { format: 'coco' });
    const out = json(join(dir, 'out', 'annotations', 'instances_train.json'));
    for (const a of out.annotations) {
      const rle = a.segmentation;
      expect(maskToRle(rleToMask(rle)).counts).toBe(rle.counts);
      expect(rle.size).toEqual([720, 1280]);
    }
    expect(out.annotations.length).toBeGreaterThan(0);
  });
});
