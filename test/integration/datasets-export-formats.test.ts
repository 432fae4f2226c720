// Exports as the tools that read them see them (issue 13, export side): the split report, KITTI tracking
// files, BDD100K ignore regions and BLIP-2 tables, each read back with a parser of its own. Real project files,
// real images, real output folders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * A project with `n` 40 x 30 images img-<k>.png imported from COCO, image k with one box of each label in
 * `labelsOf(k)` (car by default).
 */
async function project(n: number, labelsOf: (k: number) => string[] = () => ['car']) {
  const { dir, cleanup } = makeTempDir('vps-export-formats-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Formats' });
  cleanups.push(cleanup, () => store.close());
  const images = join(dir, 'images');
  const names = Array.from({ length: n }, (_, k) => `img-${k}.png`);
  for (const [k, name] of names.entries())
    await makeImage(images, name, { width: 40, height: 30, format: 'png', pattern: k + 1 });
  const labels = join(dir, 'labels.json');
  const categories = [...new Set(names.flatMap((_, k) => labelsOf(k)))];
  writeFileSync(
    labels,
    JSON.stringify({
      images: names.map((file_name, k) => ({ id: k + 1, file_name, width: 40, height: 30 })),
      categories: categories.map((name, i) => ({ id: i + 1, name })),
      annotations: names.flatMap((_, k) =>
        labelsOf(k).map((label, j) => ({
          id: 100 * k + j + 1,
          image_id: k + 1,
          category_id: categories.indexOf(label) + 1,
          bbox: [1 + j, 1, 10, 10],
        })),
      ),
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

const text = (path: string) => readFileSync(path, 'utf8');
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

/** RFC 4180, written here so the test does not trust the writer's quoting: rows of fields, CRLF or LF ends. */
function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [row, field] = [[...row, field], ''];
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      rows.push([...row, field]);
      [row, field] = [[], ''];
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The CSV as objects keyed by its header. */
function csvRecords(source: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(source);
  return rows.map((r) => {
    expect(r.length).toBe(header!.length);
    return Object.fromEntries(header!.map((h, i) => [h, r[i]!]));
  });
}

const jsonLines = (source: string) =>
  source
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, string>);

describe('BLIP-2 tables', () => {
  // A label with a comma and quotes, so the CSV must quote; images with two labels ask two questions.
  const labelsOf = (k: number) => (k === 0 ? ['car', 'truck, "big"'] : ['car']);

  it('writes the Id | Question | Answer table and a JSON list of the same {image, question, answer} records', async () => {
    const { store, dir } = await project(3, labelsOf);
    await exportFrom(store, dir, { format: 'blip2', blip2Variant: 'vqa' });
    const out = (f: string) => text(join(dir, 'out', f));
    const table = csvRecords(out('blip2_train.csv'));
    const list = JSON.parse(out('blip2_train.json')) as Record<string, string>[];
    expect(Object.keys(table[0]!)).toEqual(['Id', 'Question', 'Answer', 'Image']);
    expect(list).toEqual(table.map((r) => ({ image: r.Image, question: r.Question, answer: r.Answer })));
    expect(jsonLines(out('blip2_train.jsonl'))).toEqual(list);
    expect(table).toContainEqual({
      Id: 'img-0-2',
      Question: 'How many truck, "big"s are in the image?',
      Answer: '1',
      Image: 'images/img-0.png',
    });
    expect(new Set(table.map((r) => r.Id)).size).toBe(4);
    expect(table.map((r) => r.Image).sort()).toEqual([
      'images/img-0.png',
      'images/img-0.png',
      'images/img-1.png',
      'images/img-2.png',
    ]);
  });

  it("the caption variant's CSV and JSON lines describe the same records", async () => {
    const { store, dir } = await project(3, labelsOf);
    await exportFrom(store, dir, { format: 'blip2', blip2Variant: 'caption' });
    const out = (f: string) => text(join(dir, 'out', f));
    const table = csvRecords(out('blip2_train.csv'));
    expect(Object.keys(table[0]!)).toEqual(['Id', 'Caption', 'Image']);
    const lines = jsonLines(out('blip2_train.jsonl'));
    expect(lines).toEqual(table.map((r) => ({ image: r.Image, caption: r.Caption })));
    expect(JSON.parse(out('blip2_train.json'))).toEqual(lines);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.image === 'images/img-0.png')!.caption).toBe(
      'The image shows 1 car and 1 truck, "big".',
    );
  });
});

describe('KITTI tracking export', () => {
  // label_02/0001.txt as KITTI writes it: frames 0-2, two tracks and DontCare regions (track -1).
  const source = [
    '0 -1 DontCare -1 -1 -10.000000 20.400000 5.810000 30.100000 16.650000 -1000.000000 -1000.000000 -1000.000000 -10.000000 -1.000000 -1.000000 -1.000000',
    '0 0 Car 0 0 -1.793451 2.744956 1.752147 15.226042 12.372804 2.000000 1.823255 4.433886 -4.552284 1.858523 13.410495 -2.115488',
    '1 0 Car 1 2 -1.800000 3.000000 2.000000 16.000000 13.000000 2.000000 1.823255 4.433886 -4.500000 1.858523 13.000000 -2.100000',
    '1 1 Pedestrian 0 1 0.500000 25.500000 3.250000 29.000000 20.000000 1.700000 0.600000 0.800000 2.000000 1.500000 20.000000 0.300000',
    '2 1 Pedestrian 0 0 0.510000 26.000000 3.000000 30.000000 21.000000 1.700000 0.600000 0.800000 2.100000 1.500000 19.000000 0.310000',
  ];

  async function trackingProject() {
    const { dir, cleanup } = makeTempDir('vps-export-tracking-');
    const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Tracking' });
    cleanups.push(cleanup, () => store.close());
    for (const frame of [0, 1, 2])
      await makeImage(join(dir, 'image_02', '0001'), `00000${frame}.png`, {
        width: 40,
        height: 30,
        format: 'png',
        pattern: frame + 1,
      });
    mkdirSync(join(dir, 'label_02'));
    writeFileSync(join(dir, 'label_02', '0001.txt'), `${source.join('\n')}\n`);
    const report = await importInto(store, {
      format: 'kitti-tracking',
      labels: join(dir, 'label_02'),
      images: join(dir, 'image_02'),
    });
    expect(report).toMatchObject({ imagesAdded: 3, annotations: 5, issues: { errors: 0 } });
    return { store, dir };
  }

  it('writes label_02 sequence files back line for line, frames in image_02/<sequence>/', async () => {
    const { store, dir } = await trackingProject();
    const report = await exportFrom(store, dir, { format: 'kitti-tracking' });
    const written = text(join(dir, 'out', 'train', 'label_02', '0001.txt'));
    expect(written.split('\n').filter(Boolean).sort()).toEqual([...source].sort());
    expect(report.manifest.files).toContain('train/label_02/0001.txt');
    for (const frame of [0, 1, 2])
      expect(
        readFileSync(join(dir, 'out', 'train', 'image_02', '0001', `00000${frame}.png`)).equals(
          readFileSync(join(dir, 'image_02', '0001', `00000${frame}.png`)),
        ),
      ).toBe(true);
  });

  it('an exported sequence imports again with the same frames and tracks, and replaces its earlier export', async () => {
    const { store, dir } = await trackingProject();
    await exportFrom(store, dir, { format: 'kitti-tracking' });
    await exportFrom(store, dir, { format: 'kitti-tracking', overwrite: true });
    const again = ProjectStore.create(join(dir, 'again.vpstudio'), { name: 'Again' });
    cleanups.push(() => again.close());
    await importInto(again, {
      format: 'kitti-tracking',
      labels: join(dir, 'out', 'train', 'label_02'),
      images: join(dir, 'out', 'train', 'image_02'),
    });
    await exportDataset(again, exportOptions(join(dir, 'out2'), { format: 'kitti-tracking' }));
    const lines = (root: string) =>
      text(join(dir, root, 'train', 'label_02', '0001.txt'))
        .split('\n')
        .filter(Boolean)
        .sort();
    expect(lines('out2')).toEqual(lines('out'));
  });
});

describe('ignore regions through BDD100K', () => {
  it('KITTI DontCare and COCO crowd regions stay ignore regions after a BDD100K round trip', async () => {
    const { dir, cleanup } = makeTempDir('vps-export-ignore-');
    cleanups.push(cleanup);
    const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Ignore' });
    cleanups.push(() => store.close());
    await makeImage(join(dir, 'images'), '000001.png', { width: 40, height: 30, format: 'png', pattern: 1 });
    await makeImage(join(dir, 'images'), '000002.png', { width: 40, height: 30, format: 'png', pattern: 2 });
    mkdirSync(join(dir, 'label_2'));
    writeFileSync(
      join(dir, 'label_2', '000001.txt'),
      'Car 0.00 0 -1.58 5.00 3.00 20.00 18.00 1.65 1.67 3.64 -0.65 1.71 46.70 -1.59\n' +
        'DontCare -1 -1 -10 22.00 4.00 35.00 12.00 -1 -1 -1 -1000 -1000 -1000 -10\n',
    );
    await importInto(store, { format: 'kitti', labels: join(dir, 'label_2'), images: join(dir, 'images') });
    writeFileSync(
      join(dir, 'crowd.json'),
      JSON.stringify({
        images: [{ id: 1, file_name: '000002.png', width: 40, height: 30 }],
        categories: [{ id: 1, name: 'Car' }],
        annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [2, 2, 20, 20], iscrowd: 1 }],
      }),
    );
    await importInto(store, { format: 'coco', labels: join(dir, 'crowd.json'), images: join(dir, 'images') });

    await exportFrom(store, dir, { format: 'bdd100k' });
    const frames = JSON.parse(text(join(dir, 'out', 'labels', 'det_train.json'))) as {
      name: string;
      labels: { category: string; attributes: { crowd?: boolean } }[];
    }[];
    const crowd = frames.flatMap((f) =>
      f.labels.map((l) => [f.name, l.category, l.attributes.crowd ?? false]),
    );
    // BDD100K's own category spelling ('car'), as the export's label-name convention writes KITTI's 'Car'.
    expect(crowd.sort()).toEqual([
      ['000001.png', 'DontCare', true],
      ['000001.png', 'car', false],
      ['000002.png', 'car', true],
    ]);

    const again = ProjectStore.create(join(dir, 'again.vpstudio'), { name: 'Again' });
    cleanups.push(() => again.close());
    await importInto(again, {
      format: 'bdd100k',
      labels: join(dir, 'out', 'labels', 'det_train.json'),
      images: join(dir, 'out', 'images'),
    });
    await exportDataset(again, exportOptions(join(dir, 'coco'), { format: 'coco' }));
    const coco = JSON.parse(text(join(dir, 'coco', 'annotations', 'instances_train.json'))) as {
      annotations: { category_id: number; iscrowd: number; image_id: number }[];
      categories: { id: number; name: string }[];
    };
    const name = (id: number) => coco.categories.find((c) => c.id === id)!.name;
    // The re-imported project has BDD100K's 'car'; COCO writes the project's names, KITTI its devkit's 'Car'.
    expect(coco.annotations.map((a) => [name(a.category_id), a.iscrowd]).sort()).toEqual([
      ['DontCare', 1],
      ['car', 0],
      ['car', 1],
    ]);
    await exportDataset(again, exportOptions(join(dir, 'kitti'), { format: 'kitti' }));
    const types = (stem: string) =>
      text(join(dir, 'kitti', 'train', 'label_2', `${stem}.txt`))
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]);
    expect(types('000001')).toEqual(['Car', 'DontCare']);
    expect(types('000002')).toEqual(['DontCare']);
  });
});
