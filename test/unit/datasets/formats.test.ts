import { describe, expect, it } from 'vitest';
import {
  DATASET_FORMATS,
  EXPORT_FORMATS,
  formatReader,
  formatWriter,
  IMPORT_FORMATS,
} from '../../../shared/datasets/formats';
import type { ExportEntry, FormatOptions } from '../../../shared/datasets/formats/format';
import { IssueList } from '../../../shared/datasets/issues';

const options: FormatOptions = {
  cocoSegmentation: 'rle',
  llavaTemplate: 'caption',
  llavaJsonl: false,
  blip2Variant: 'vqa',
};

const entry: ExportEntry = {
  split: 'val',
  index: 1,
  name: 'a.jpg',
  width: 40,
  height: 20,
  objects: [{ category: 'car', shape: { kind: 'box', box: [1, 2, 11, 12] } }],
};

const context = () => {
  let id = 0;
  return { categoryIds: new Map([['car', 1]]), nextAnnotationId: () => ++id };
};

describe('dataset format registry', () => {
  it('lists the import and export formats in the order the studio shows them', () => {
    expect(IMPORT_FORMATS).toEqual(['coco', 'bdd100k', 'kitti', 'kitti-tracking']);
    expect(EXPORT_FORMATS).toEqual(['coco', 'bdd100k', 'kitti', 'llava', 'blip2']);
    expect(new Set(DATASET_FORMATS.map((f) => f.id)).size).toBe(DATASET_FORMATS.length);
  });

  it.each([
    ['coco', 'images/a.jpg', ['annotations/instances_val.json']],
    ['bdd100k', 'images/a.jpg', ['labels/det_val.json']],
    ['kitti', 'val/image_2/a.jpg', ['val/label_2/a.txt']],
    ['llava', 'images/a.jpg', ['llava_val.json']],
    ['blip2', 'images/a.jpg', ['blip2_val.jsonl', 'blip2_val.json', 'blip2_val.csv']],
  ] as const)('%s places the image at %s and writes %j', (id, image, files) => {
    const writer = formatWriter(id);
    expect(writer.imagePath('val', 'a.jpg')).toBe(image);
    const { records } = writer.records(entry, options, context());
    expect([...new Set(records.map((r) => r.file))]).toEqual(files);
  });

  it.each([
    ['llava', { llavaTemplate: 'qa' }, true, true],
    ['llava', { llavaTemplate: 'caption' }, false, true],
    ['llava', { llavaTemplate: 'region-drawn' }, false, false],
    ['blip2', { blip2Variant: 'vqa' }, true, true],
    ['blip2', { blip2Variant: 'caption' }, false, true],
    ['coco', {}, false, true],
  ] as const)('%s with %j: asks questions %s, places the image %s', (id, set, asks, places) => {
    const writer = formatWriter(id);
    expect(writer.asksQuestions?.({ ...options, ...set }) ?? false).toBe(asks);
    expect(writer.placesImage?.({ ...options, ...set }) ?? true).toBe(places);
  });

  it('a KITTI reader names the image after its label file; tracking names frames in the sequence folder', () => {
    const line = 'Car 0.00 0 -1.58 587.01 173.33 614.12 200.12 1.65 1.67 3.64 -0.65 1.71 46.70 -1.59';
    const issues = new IssueList();
    expect(
      formatReader('kitti')
        .read(line, '000007.txt', issues)
        .map((i) => i.fileName),
    ).toEqual(['000007.png']);
    expect(
      formatReader('kitti-tracking')
        .read(`3 1 ${line}`, '0001.txt', issues)
        .map((i) => i.fileName),
    ).toEqual(['0001/000003.png']);
    expect(issues.toReport().errors).toBe(0);
  });
});
