// Broken label files and hostile names: clear per-record issues, nothing half-imported, nothing written outside
// the export root, no export left half-written. Real project files, real generated images, real folders.
import { constants } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, exportDataset } from '../../electron/datasets/export-dataset';
import { importDataset } from '../../electron/datasets/import-dataset';
import { ProjectStore } from '../../electron/store/project-store';
import { exportOptions } from '../helpers/export-options';
import { makeImage } from '../helpers/images';
import { studioErrorOf } from '../helpers/studio-error';
import { makeTempDir } from '../helpers/temp-dir';
import { twoImageCoco, writeTwoImages } from '../helpers/two-image-coco';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function setup() {
  const { dir, cleanup } = makeTempDir('vps-datasets-bad-');
  const store = ProjectStore.create(join(dir, 'p.vpstudio'), { name: 'Bad input' });
  cleanups.push(cleanup, () => store.close());
  const images = await writeTwoImages(dir);
  return { store, dir, images };
}

const coco = twoImageCoco;
const good = { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] };

async function importCoco(store: ProjectStore, dir: string, images: string, doc: unknown, strict = true) {
  const labels = join(dir, 'labels.json');
  await writeFile(labels, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return importDataset(store, { format: 'coco', labels, images, maxMegapixels: 10, strict });
}

const nothingWritten = (store: ProjectStore) =>
  expect(store.info().counts).toMatchObject({ images: 0, annotations: 0, labels: 0 });

describe('a strict dataset import refuses bad input record by record, all or nothing', () => {
  it('malformed JSON names the file', async () => {
    const { store, dir, images } = await setup();
    const err = await studioErrorOf(importCoco(store, dir, images, '{"images": [{"id": 1,'));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^labels\.json is not valid JSON/);
    nothingWritten(store);
  });

  it.each([
    [
      'a missing image',
      coco([good], { images: [{ id: 1, file_name: 'gone.jpg' }] }),
      'images[0]',
      'No image called gone.jpg',
    ],
    [
      'a missing category',
      coco([{ ...good, category_id: 7 }]),
      'annotations[0] (id 1)',
      'No category has id 7',
    ],
    [
      'a duplicated category',
      coco([good], {
        categories: [
          { id: 1, name: 'car' },
          { id: 1, name: 'bus' },
        ],
      }),
      'categories[1]',
      'is "car" and "bus"',
    ],
    [
      'a box outside the image',
      coco([{ ...good, bbox: [50, 50, 5, 5] }]),
      'annotations[0] (id 1)',
      'lies outside the 40x30 image',
    ],
    [
      'a polygon with 2 points',
      coco([{ ...good, segmentation: [[1, 1, 5, 5]] }]),
      'annotations[0] (id 1)',
      'needs at least 3',
    ],
    [
      'an RLE of another size than its image',
      coco([{ ...good, segmentation: { size: [2, 2], counts: '04' } }]),
      'annotations[0] (id 1)',
      'mask is 2x2 pixels but its image is 40x30',
    ],
    [
      'a declared size that is not the file',
      coco([good], { images: [{ id: 1, file_name: 'a.jpg', width: 41, height: 30 }] }),
      'images[0]',
      'say 41x30 but',
    ],
  ])('%s: a named error, nothing imported', async (_name, doc, where, message) => {
    const { store, dir, images } = await setup();
    const err = await studioErrorOf(importCoco(store, dir, images, [good].length ? doc : doc));
    expect(err.code).toBe('invalid_input');
    const report = err.details as { errors: number; items: { where: string; message: string }[] };
    const error = report.items.find((i) => i.message.includes(message));
    expect(error, JSON.stringify(report.items)).toBeDefined();
    expect(error!.where).toContain(where);
    nothingWritten(store);
  });

  it('without strict, leaves out only the bad records, in one transaction', async () => {
    const { store, dir, images } = await setup();
    const report = await importCoco(
      store,
      dir,
      images,
      coco([
        good,
        { ...good, id: 2, segmentation: [[1, 1, 5, 5]] },
        { ...good, id: 3, image_id: 2, bbox: [30, 20, 20, 20] },
      ]),
      false,
    );
    expect(report).toMatchObject({
      imagesAdded: 2,
      annotations: 2,
      recordsSkipped: 1,
      labelsCreated: ['car'],
    });
    expect(report.issues).toMatchObject({ errors: 0, warnings: 2 });
    expect(report.issues.items.map((i) => [i.where, i.message])).toEqual([
      [
        'labels.json: annotations[1] (id 2)',
        'segmentation[0] has 2 points; a polygon needs at least 3. It was left out.',
      ],
      ['labels.json: annotations[2] (id 3)', expect.stringContaining('clipped')],
    ]);
    const clipped = store.listAnnotations(2)[0]!;
    expect(clipped.geometry).toEqual({ kind: 'box', box: [30, 20, 40, 30] });
  });

  it('finds images named with ../ or absolute paths inside the image folder only, with a warning', async () => {
    const { store, dir, images } = await setup();
    await makeImage(dir, 'outside.jpg', { width: 40, height: 30, format: 'jpeg' });
    const doc = coco([good, { ...good, id: 2, image_id: 2 }], {
      images: [
        { id: 1, file_name: '../../a.jpg', width: 40, height: 30 },
        { id: 2, file_name: '/etc/b.png', width: 40, height: 30 },
        { id: 3, file_name: '../outside.jpg' },
      ],
    });
    const err = await studioErrorOf(importCoco(store, dir, images, doc));
    expect((err.details as { items: { message: string }[] }).items.map((i) => i.message)).toEqual([
      '"../../a.jpg" points outside the image folder; matched by its file name.',
      '"/etc/b.png" points outside the image folder; matched by its file name.',
      'No image called outside.jpg in the image folder.',
    ]);
    nothingWritten(store);
    const report = await importCoco(store, dir, images, doc, false);
    expect(
      store
        .allImages()
        .map((i) => i.path)
        .sort(),
    ).toEqual([join(images, 'a.jpg'), join(images, 'b.png')]);
    expect(report.annotations).toBe(2);
  });

  it('matches labels by exact name, saying when a new one differs from a label only in case', async () => {
    const { store, dir, images } = await setup();
    store.createLabel({ name: 'person', hotkey: 1 });
    const doc = coco([good, { ...good, id: 2, category_id: 2 }], {
      categories: [
        { id: 1, name: '\uff43\uff41\uff52' }, // full-width "car"
        { id: 2, name: 'Person' },
      ],
    });
    const report = await importCoco(store, dir, images, doc);
    expect(report.labelsCreated).toEqual(['\uff43\uff41\uff52', 'Person']);
    expect(report.issues.items.map((i) => i.message)).toEqual([
      'The label "Person" differs from the project\'s "person" only in case; it was created as a label of its own (a labelMap { "Person": "person" } imports into "person").',
    ]);
    expect(store.info().counts).toMatchObject({ images: 2, annotations: 2, labels: 3 });
  });

  it.each(['coco', 'kitti'] as const)(
    'refuses a %s label file too large to read as text, naming the limit, before reading it',
    async (format) => {
      const { store, dir, images } = await setup();
      // Sparse: one byte over the largest string the JavaScript engine makes, without writing 512 MB.
      const labels = join(dir, format === 'coco' ? 'huge.json' : 'huge.txt');
      writeFileSync(labels, '');
      truncateSync(labels, constants.MAX_STRING_LENGTH + 1);
      const started = Date.now();
      const err = await studioErrorOf(importDataset(store, { format, labels, images, maxMegapixels: 10 }));
      expect(err.code).toBe('invalid_input');
      expect(err.message).toBe(
        `${labels} is ${constants.MAX_STRING_LENGTH + 1} bytes; label files up to 512 MiB are read.`,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      nothingWritten(store);
    },
  );

  it('a failure inside the write transaction rolls back images and labels too', async () => {
    const { store, dir, images } = await setup();
    // The project already knows a.jpg at another size (the file changed since): its box is refused while
    // writing, after b.png and the labels were inserted.
    const file = join(images, 'a.jpg');
    store.insertImages([
      {
        path: file,
        sha256: '0'.repeat(64),
        sizeBytes: 1,
        width: 4,
        height: 3,
        orientation: 1,
        format: 'jpeg',
      },
    ]);
    const err = await studioErrorOf(importCoco(store, dir, images, coco([{ ...good, image_id: 2 }, good])));
    expect(err.message).toMatch(/outside the 4x3 image/);
    expect(store.info().counts).toMatchObject({ images: 1, annotations: 0, labels: 0 });
  });
});

describe('dataset export is atomic and stays inside its root', () => {
  it('refuses an existing target unless overwriting, and replaces it whole', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([good]));
    const target = join(dir, 'out');
    await exportDataset(store, exportOptions(target));
    expect((await studioErrorOf(exportDataset(store, exportOptions(target)))).code).toBe('conflict');
    await exportDataset(store, exportOptions(target, { overwrite: true, format: 'blip2' }));
    expect(readdirSync(target).sort()).toEqual([
      'blip2_train.csv',
      'blip2_train.json',
      'blip2_train.jsonl',
      'images',
      'manifest.json',
    ]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('leaves out images marked missing, with a warning', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([good, { ...good, id: 2, image_id: 2 }]));
    store.setMissing([2], true);
    const report = await exportDataset(store, exportOptions(join(dir, 'out')));
    expect(report.manifest.counts.train.images).toBe(1);
    expect(report.issues.items).toEqual([
      {
        severity: 'warning',
        where: join(images, 'b.png'),
        message: 'The image file is missing; it was left out.',
      },
    ]);
  });

  it('refuses an export that nothing passes, writing nothing', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([good]));
    const filters = { ...DEFAULT_FILTERS, reviewStates: ['proposed' as const] };
    const err = await studioErrorOf(exportDataset(store, exportOptions(join(dir, 'out'), { filters })));
    expect(err.message).toMatch(/^Nothing to export/);
    expect(readdirSync(dir).filter((n) => n.startsWith('.') || n === 'out')).toEqual([]);
  });

  it('a failure half-way leaves no export and no temp folder', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([good, { ...good, id: 2, image_id: 2 }]));
    const target = join(dir, 'out');
    // b.png goes while the export writes (after the files were checked, before it is placed).
    const gone = () => existsSync(join(images, 'b.png')) && rmSync(join(images, 'b.png'));
    const err = await studioErrorOf(exportDataset(store, exportOptions(target, { onProgress: gone })));
    expect(err.code).toBe('io_error');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('writes images with hostile names under the root only', async () => {
    const { store, dir } = await setup();
    const odd = join(dir, 'odd');
    await makeImage(odd, '\u00e9vil name;rm -rf.jpg', { width: 40, height: 30, format: 'jpeg' });
    await importCoco(store, dir, odd, {
      images: [{ id: 1, file_name: '\u00e9vil name;rm -rf.jpg' }],
      categories: [{ id: 1, name: 'car' }],
      annotations: [good],
    });
    const { manifest } = await exportDataset(store, exportOptions(join(dir, 'out')));
    expect(readdirSync(join(dir, 'out', 'images'))).toEqual(['evil_name_rm_-rf.jpg']);
    expect(manifest.counts.train).toEqual({ images: 1, annotations: 1, labels: { car: 1 } });
  });
});

describe('instruction exports', () => {
  it('draws each region on its own copy of the image for the region-drawn template', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([{ ...good, bbox: [10, 5, 20, 15] }]));
    const target = join(dir, 'drawn');
    await exportDataset(store, exportOptions(target, { llavaTemplate: 'region-drawn' }));
    const records = JSON.parse(readFileSync(join(target, 'llava_train.json'), 'utf8'));
    expect(records).toEqual([
      {
        id: 'a-0',
        image: 'regions/a-0.jpg',
        conversations: [
          { from: 'human', value: '<image>\nWhat is the object inside the red box?' },
          { from: 'gpt', value: 'car' },
        ],
      },
    ]);
    const { data, info } = await sharp(join(target, 'regions', 'a-0.jpg'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    const redness = (x: number, y: number) => {
      const [r, g, b] = at(x, y);
      return r! - Math.max(g!, b!);
    };
    expect(redness(10, 12)).toBeGreaterThan(60); // on the box's left edge (JPEG softens it)
    expect(redness(20, 12)).toBeLessThan(30); // inside: the image itself
  });

  it('takes question/answer pairs from a QA generator when one is given', async () => {
    const { store, dir, images } = await setup();
    await importCoco(store, dir, images, coco([good]));
    const asked: string[] = [];
    const target = join(dir, 'qa');
    await exportDataset(
      store,
      exportOptions(target, {
        format: 'blip2',
        qaGenerator: async ({ path, objects }) => {
          asked.push(path);
          return [{ question: 'What is parked here?', answer: `a ${objects[0]!.category}` }];
        },
      }),
    );
    expect(asked).toEqual([join(images, 'a.jpg')]);
    expect(readFileSync(join(target, 'blip2_train.jsonl'), 'utf8')).toBe(
      '{"image":"images/a.jpg","question":"What is parked here?","answer":"a car"}\n',
    );
  });
});

describe('names that are not UTF-8', () => {
  it('a file whose name is not UTF-8 is reported on its record, the rest imports', async () => {
    const { store, dir, images } = await setup();
    // b\xff.jpg: Node lists it with U+FFFD in place of the byte, a name no path string can open.
    await writeFile(
      Buffer.concat([Buffer.from(`${images}/b`), Buffer.from([0xff]), Buffer.from('.jpg')]),
      await readFile(join(images, 'a.jpg')),
    );
    const report = await importCoco(
      store,
      dir,
      images,
      coco([good, { ...good, id: 2, image_id: 3 }], {
        images: [
          { id: 1, file_name: 'a.jpg', width: 40, height: 30 },
          { id: 3, file_name: 'b\ufffd.jpg', width: 40, height: 30 },
        ],
      }),
      false,
    );
    expect(report).toMatchObject({ imagesAdded: 1, annotations: 1, recordsSkipped: 1 });
    expect(report.issues.items[0]!.where).toBe('labels.json: images[1]');
  });
});
