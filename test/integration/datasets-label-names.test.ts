// Label names keep each dataset's spelling: an import matches labels by exact name unless given a labelMap
// (shown in its report); an export spells each label in its format's convention (KITTI's devkit classes,
// BDD100K's categories) and reports every label it wrote under another name. Real samples, a real project,
// the exported files read back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset, type DatasetImportOptions } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { exportOptions } from '../helpers/export-options';
import { DRIVING_SAMPLE } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const sample = (...parts: string[]) => join(DRIVING_SAMPLE, ...parts);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function project() {
  const { dir, cleanup } = makeTempDir('vps-label-names-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Names' });
  cleanups.push(cleanup, () => store.close());
  return { store, dir };
}

const importInto = (store: ProjectStore, options: Omit<DatasetImportOptions, 'maxMegapixels'>) =>
  importDataset(store, { maxMegapixels: 100, ...options });
const kittiObjects = {
  format: 'kitti',
  labels: sample('kitti_object'),
  images: sample('kitti_object'),
} as const;
const bddDet = {
  format: 'bdd100k',
  labels: sample('bdd100k_det', '12305469-7a4947e7.json'),
  images: sample('bdd100k_det'),
} as const;

/** The type column of every line of a KITTI export's label files, by file stem. */
const kittiTypes = (root: string, stems: string[]) =>
  Object.fromEntries(
    stems.map((stem) => [
      stem,
      readFileSync(join(root, 'train', 'label_2', `${stem}.txt`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    ]),
  );

describe.skipIf(!existsSync(DRIVING_SAMPLE))('label names per dataset', () => {
  it('KITTI "Car" and BDD100K "car" stay two labels, each spelled as its dataset has it', async () => {
    const { store } = project();
    await importInto(store, kittiObjects);
    const bdd = await importInto(store, bddDet);
    expect(store.listLabels().map((l) => l.name)).toEqual(
      expect.arrayContaining(['Car', 'Pedestrian', 'DontCare', 'car', 'traffic sign']),
    );
    expect(bdd.labelsCreated).toContain('car');
    expect(bdd.labelMap).toEqual([]);
    // The near miss is said, with the way to merge them.
    expect(bdd.issues.items).toContainEqual({
      severity: 'warning',
      where: '12305469-7a4947e7.json',
      message:
        'The label "car" differs from the project\'s "Car" only in case; it was created as a label of its own (a labelMap { "car": "Car" } imports into "Car").',
    });
  });

  it('a labelMap imports into the named label and the report shows it', async () => {
    const { store } = project();
    await importInto(store, kittiObjects);
    const bdd = await importInto(store, { ...bddDet, labelMap: { car: 'Car', bus: 'Bus' } });
    expect(bdd.labelMap).toEqual([
      { from: 'car', to: 'Car', annotations: 2 },
      { from: 'bus', to: 'Bus', annotations: 1 },
    ]);
    expect(bdd.labelsCreated).toContain('Bus');
    expect(bdd.labelsCreated).not.toContain('car');
    const names = store.listLabels().map((l) => l.name);
    expect(names).not.toContain('car');
    const car = store.listLabels().find((l) => l.name === 'Car')!;
    const det = store.allImages().find((i) => i.path.endsWith('12305469-7a4947e7.jpg'))!;
    expect(store.listAnnotations(det.id).filter((a) => a.labelId === car.id)).toHaveLength(2);
  });

  it('KITTI -> KITTI and BDD100K -> BDD100K keep every name exactly, with nothing renamed', async () => {
    const { store, dir } = project();
    await importInto(store, kittiObjects);
    const out = join(dir, 'kitti');
    const report = await exportDataset(store, exportOptions(out, { format: 'kitti' }));
    expect(kittiTypes(out, ['000000', '000003'])).toEqual({
      '000000': readFileSync(sample('kitti_object', '000000.txt'), 'utf8')
        .trim()
        .split(/\r?\n/)
        .map((l) => l.split(' ')[0]),
      '000003': readFileSync(sample('kitti_object', '000003.txt'), 'utf8')
        .trim()
        .split(/\r?\n/)
        .map((l) => l.split(' ')[0]),
    });
    expect(report.manifest.labelNames).toEqual({});

    const other = project();
    await importInto(other.store, bddDet);
    const bddOut = join(other.dir, 'bdd');
    const bddReport = await exportDataset(other.store, exportOptions(bddOut, { format: 'bdd100k' }));
    const [frame] = json(join(bddOut, 'labels', 'det_train.json'));
    expect(frame.labels.map((l: { category: string }) => l.category)).toEqual(
      json(bddDet.labels)[0].labels.map((l: { category: string }) => l.category),
    );
    expect(bddReport.manifest.labelNames).toEqual({});
  });

  it('a mixed project writes each format in its own convention and reports the names it changed', async () => {
    const { store, dir } = project();
    await importInto(store, kittiObjects);
    await importInto(store, bddDet);

    const kitti = join(dir, 'kitti');
    const report = await exportDataset(store, exportOptions(kitti, { format: 'kitti' }));
    const types = kittiTypes(kitti, ['12305469-7a4947e7'])['12305469-7a4947e7']!;
    expect(new Set(types)).toEqual(new Set(['Car', 'traffic_sign', 'traffic_light', 'bus']));
    expect(report.manifest.labelNames).toEqual({
      car: 'Car',
      'traffic sign': 'traffic_sign',
      'traffic light': 'traffic_light',
    });
    expect(report.manifest.counts.train.labels).toMatchObject({ Car: 3, traffic_sign: 4 });
    expect(report.issues.items).toContainEqual({
      severity: 'warning',
      where: 'car',
      message: 'Written as "Car" (KITTI\'s devkit class names), 2 annotations.',
    });

    const bdd = join(dir, 'bdd');
    const bddReport = await exportDataset(store, exportOptions(bdd, { format: 'bdd100k' }));
    const frames = json(join(bdd, 'labels', 'det_train.json'));
    const categories = new Set(
      frames.flatMap((f: { labels: { category: string }[] }) => f.labels.map((l) => l.category)),
    );
    expect(categories).toEqual(
      new Set(['car', 'pedestrian', 'DontCare', 'traffic sign', 'traffic light', 'bus']),
    );
    expect(bddReport.manifest.labelNames).toEqual({ Car: 'car', Pedestrian: 'pedestrian' });
  });
});
