// Exports as the tools that read them see them (issue 13, export side): the split report, KITTI tracking
// files, BDD100K ignore regions and BLIP-2 tables, each read back with a parser of its own. Real project files,
// real images, real output folders.
import { readFileSync, writeFileSync } from 'node:fs';
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
