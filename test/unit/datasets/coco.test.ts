import { describe, expect, it } from 'vitest';
import { cocoAnnotation, cocoCategories, readCoco } from '../../../shared/datasets/formats/coco';
import { IssueList } from '../../../shared/datasets/issues';
import type { DatasetObject } from '../../../shared/datasets/records';
import { StudioError } from '../../../shared/errors';
import { rleToCounts } from '../../../shared/geometry';

const read = (doc: unknown) => {
  const issues = new IssueList();
  const parsed = readCoco(JSON.stringify(doc), 'labels.json', issues);
  return { ...parsed, report: issues.toReport() };
};
const base = {
  images: [{ id: 'tok-1', file_name: 'a/b.jpg', width: 3, height: 4 }],
  categories: [{ id: 1, name: 'car' }],
};

describe('readCoco', () => {
  it.each([
    ['RLE counts as a string (pycocotools check value)', { counts: '521O2', size: [4, 3] }, '521O2'],
    ['RLE counts as a list', { counts: [5, 2, 1, 1, 3], size: [4, 3] }, '521O2'],
    [
      'all-ones 2x2 mask in a 4x3 image is refused by size later, parsed here',
      { counts: [0, 4], size: [2, 2] },
      '04',
    ],
  ])('%s', (_name, segmentation, counts) => {
    const { images, report } = read({
      ...base,
      annotations: [{ id: 7, image_id: 'tok-1', category_id: 1, segmentation, bbox: [1, 0, 2, 3] }],
    });
    expect(report.errors).toBe(0);
    const object = images[0]!.objects[0]!;
    expect(object).toMatchObject({
      category: 'car',
      sourceId: 7, // an integer id stays one
      shape: { kind: 'mask', rle: { counts } },
      source: { format: 'coco', fields: {}, geometry: { bbox: [1, 0, 2, 3] } },
    });
    expect(object.ignore).toBeUndefined(); // iscrowd missing = 0
  });

  it('reads polygons, boxes, crowd and a category_name fallback', () => {
    const { images, report } = read({
      ...base,
      annotations: [
        { id: 1, image_id: 'tok-1', category_id: 1, segmentation: [[0, 0, 3, 0, 3, 4]], iscrowd: 0 },
        { id: 2, image_id: 'tok-1', category_id: 1, segmentation: [], bbox: [0.5, 1, 2, 2], iscrowd: 1 },
        { id: 3, image_id: 'tok-1', category_id: 9, category_name: 'cone', bbox: [0, 0, 1, 1] },
      ],
    });
    expect(images[0]!.objects.map((o) => [o.category, o.shape, o.ignore ?? false])).toEqual([
      [
        'car',
        {
          kind: 'polygon',
          rings: [
            [
              [0, 0],
              [3, 0],
              [3, 4],
            ],
          ],
        },
        false,
      ],
      ['car', { kind: 'box', box: [0.5, 1, 2.5, 3] }, true],
      ['cone', { kind: 'box', box: [0, 0, 1, 1] }, false],
    ]);
    expect(report).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('reads a polygon in two parts as the union mask', () => {
    const { images } = read({
      ...base,
      annotations: [
        {
          id: 1,
          image_id: 'tok-1',
          category_id: 1,
          segmentation: [
            [0, 0, 1, 0, 1, 1, 0, 1],
            [2, 2, 3, 2, 3, 3, 2, 3],
          ],
        },
      ],
    });
    const shape = images[0]!.objects[0]!.shape;
    if (shape.kind !== 'mask') throw new Error('expected a mask');
    // Pixels (0, 0) and (2, 2) of the 3x4 image, in column-major runs.
    expect(rleToCounts(shape.rle)).toEqual([0, 1, 9, 1, 1]);
  });

  it.each([
    ['unknown image', { id: 1, image_id: 99, category_id: 1, bbox: [0, 0, 1, 1] }, 'No image has id 99'],
    [
      'unknown category',
      { id: 1, image_id: 'tok-1', category_id: 5, bbox: [0, 0, 1, 1] },
      'No category has id 5',
    ],
    [
      'polygon of 2 points',
      { id: 1, image_id: 'tok-1', category_id: 1, segmentation: [[0, 0, 1, 1]] },
      'needs at least 3',
    ],
    [
      'odd coordinates',
      { id: 1, image_id: 'tok-1', category_id: 1, segmentation: [[0, 0, 1, 1, 2]] },
      'not a list of x, y',
    ],
    [
      'RLE runs of another size',
      { id: 1, image_id: 'tok-1', category_id: 1, segmentation: { counts: [5, 2], size: [4, 3] } },
      'cover 7 pixels',
    ],
    [
      'RLE with a bad character',
      { id: 1, image_id: 'tok-1', category_id: 1, segmentation: { counts: ' !', size: [4, 3] } },
      'invalid character',
    ],
    ['empty bbox', { id: 1, image_id: 'tok-1', category_id: 1, bbox: [0, 0, 0, 2] }, 'has no area'],
    ['no geometry', { id: 1, image_id: 'tok-1', category_id: 1 }, 'neither a segmentation nor a bbox'],
  ])('reports %s on its record', (_name, annotation, message) => {
    const { images, report } = read({ ...base, annotations: [annotation] });
    expect(images[0]!.objects).toEqual([]);
    expect(report.errors).toBe(1);
    expect(report.items[0]!.where).toBe('labels.json: annotations[0] (id 1)');
    expect(report.items[0]!.message).toContain(message);
  });

  it('reports duplicated categories and images', () => {
    const { report } = read({
      images: [...base.images, { id: 'tok-1', file_name: 'c.jpg' }],
      categories: [
        { id: 1, name: 'car' },
        { id: 1, name: 'bus' },
      ],
      annotations: [{ id: 1, image_id: 'tok-1', category_id: 1, bbox: [0, 0, 1, 1] }],
    });
    expect(report.items.map((i) => i.message)).toEqual([
      'Category id 1 is "car" and "bus": which one is meant is unknown.',
      'Image id "tok-1" is used by an earlier image too.',
      'Category id 1 is defined twice with different names.',
    ]);
  });

  it('reports a missing categories list and refuses malformed JSON', () => {
    expect(read({ images: [], annotations: [] }).report.items[0]!.message).toContain('no "categories"');
    expect(() => readCoco('{"images": [', 'x.json', new IssueList())).toThrow(StudioError);
    expect(() => readCoco('{"images": [', 'x.json', new IssueList())).toThrow(/x.json is not valid JSON/);
  });
});

describe('cocoAnnotation', () => {
  const mask: DatasetObject = {
    category: 'car',
    shape: { kind: 'mask', rle: { size: [4, 3], counts: '521O2' } },
  };
  it.each([
    [
      'mask as RLE',
      mask,
      'rle',
      { segmentation: { size: [4, 3], counts: '521O2' }, area: 3, bbox: [1, 0, 2, 3], iscrowd: 0 },
    ],
    [
      'mask as polygons (traced outline)',
      { category: 'car', shape: { kind: 'mask', rle: { size: [2, 2], counts: '04' } } },
      'polygon',
      { segmentation: [[0, 0, 2, 0, 2, 2, 0, 2]], area: 4, bbox: [0, 0, 2, 2] },
    ],
    [
      'crowd mask stays RLE in polygon mode',
      { ...mask, ignore: true },
      'polygon',
      { segmentation: { size: [4, 3], counts: '521O2' }, iscrowd: 1 },
    ],
    [
      'polygon',
      {
        category: 'car',
        shape: {
          kind: 'polygon',
          rings: [
            [
              [1, 1],
              [5, 1],
              [5, 3],
            ],
          ],
        },
      },
      'rle',
      { segmentation: [[1, 1, 5, 1, 5, 3]], area: 4, bbox: [1, 1, 4, 2] },
    ],
    [
      'box with score',
      { category: 'car', shape: { kind: 'box', box: [1, 2, 4, 6] }, score: 0.5 },
      'rle',
      // As its 4-corner polygon: annToMask and COCOeval 'segm' fail on an empty segmentation.
      { segmentation: [[1, 2, 4, 2, 4, 6, 1, 6]], area: 12, bbox: [1, 2, 3, 4], score: 0.5 },
    ],
    [
      'polygon with a hole as RLE (COCO polygons list parts, not holes)',
      {
        category: 'car',
        shape: {
          kind: 'polygon',
          rings: [
            [
              [0, 0],
              [3, 0],
              [3, 3],
              [0, 3],
            ],
            [
              [1, 1],
              [2, 1],
              [2, 2],
              [1, 2],
            ],
          ],
        },
      },
      'polygon',
      { segmentation: { size: [4, 6], counts: '031N0002<' }, area: 8, bbox: [0, 0, 3, 3] },
    ],
  ] as const)('%s', (_name, object, mode, expected) => {
    const written = cocoAnnotation(10, 2, 3, object as DatasetObject, mode, { width: 6, height: 4 });
    expect(written).toMatchObject({ id: 10, image_id: 2, category_id: 3, ...expected });
  });

  it('numbers categories from 1', () => {
    expect(cocoCategories(['car', 'bus'])).toEqual([
      { id: 1, name: 'car', supercategory: 'car' },
      { id: 2, name: 'bus', supercategory: 'bus' },
    ]);
  });
});
