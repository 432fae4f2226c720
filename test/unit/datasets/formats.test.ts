import { describe, expect, it } from 'vitest';
import {
  DATASET_FORMATS,
  EXPORT_FORMATS,
  formatReader,
  formatWriter,
  IMPORT_FORMATS,
} from '../../../shared/datasets/formats';
import type { ExportEntry, FormatOptions } from '../../../shared/datasets/formats/format';
import { kittiObjectLine } from '../../../shared/datasets/formats/kitti';
import { trackId, trackingLine } from '../../../shared/datasets/formats/kitti-tracking';
import { IssueList } from '../../../shared/datasets/issues';
import type { DatasetObject } from '../../../shared/datasets/records';
import { maskToRle } from '../../../shared/geometry';
import { maskFromRows } from '../../helpers/mask-fixtures';

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
    expect(IMPORT_FORMATS).toEqual(['coco', 'bdd100k', 'kitti', 'kitti-tracking', 'coco-video']);
    expect(EXPORT_FORMATS).toEqual([
      'coco',
      'bdd100k',
      'kitti',
      'kitti-tracking',
      'bdd100k-track',
      'coco-video',
      'llava',
      'llava-tracks',
      'blip2',
      'sharegpt',
      'qwen-vl',
      'odvg',
      'odvg-grounding',
    ]);
    expect(new Set(DATASET_FORMATS.map((f) => f.id)).size).toBe(DATASET_FORMATS.length);
  });

  it.each([
    ['coco', 'images/a.jpg', ['annotations/instances_val.json']],
    ['bdd100k', 'images/a.jpg', ['labels/det_val.json']],
    ['kitti', 'val/image_2/a.jpg', ['val/label_2/a.txt']],
    // No sequence kept from an import: the image is frame (export index - 1) of the unsequenced one.
    ['kitti-tracking', 'val/image_02/unsequenced/000000.jpg', ['val/label_02/unsequenced.txt']],
    ['coco-video', 'images/a.jpg', ['annotations/instances_val.json']],
    ['llava', 'images/a.jpg', ['llava_val.json']],
    ['blip2', 'images/a.jpg', ['blip2_val.jsonl', 'blip2_val.json', 'blip2_val.csv']],
    ['sharegpt', 'images/a.jpg', ['sharegpt_val.json']],
    ['qwen-vl', 'images/a.jpg', ['qwen_vl_val.json']],
    ['odvg', 'images/a.jpg', ['odvg_val.jsonl']],
    ['odvg-grounding', 'images/a.jpg', ['odvg_val.jsonl']],
  ] as const)('%s places the image at %s and writes %j', (id, image, files) => {
    const writer = formatWriter(id);
    expect(writer.imagePath('val', 'a.jpg', entry)).toBe(image);
    const { records } = writer.records(entry, options, context());
    expect([...new Set(records.map((r) => r.file))]).toEqual(files);
  });

  it.each([
    ['llava', { llavaTemplate: 'qa' }, true, true],
    ['llava', { llavaTemplate: 'caption' }, false, true],
    ['llava', { llavaTemplate: 'region-drawn' }, false, false],
    ['blip2', { blip2Variant: 'vqa' }, true, true],
    ['blip2', { blip2Variant: 'caption' }, false, true],
    ['sharegpt', { llavaTemplate: 'qa' }, true, true],
    ['sharegpt', { llavaTemplate: 'region-drawn' }, false, false],
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

describe('KITTI writers', () => {
  const mask: DatasetObject = {
    category: 'Car',
    // Columns 1-2, rows 0-2 of a 4 x 3 mask.
    shape: { kind: 'mask', rle: maskToRle(maskFromRows(['.##.', '.##.', '.##.'])) },
  };
  const fieldsOf = (line: string) => line.split(' ');

  it('writes a mask box with inclusive corners (x2 = its last column), boxes as they are', () => {
    expect(fieldsOf(kittiObjectLine(mask)).slice(4, 8)).toEqual(['1.00', '0.00', '2.00', '2.00']);
    const box: DatasetObject = {
      category: 'Car',
      shape: { kind: 'box', box: [587.01, 173.33, 614.12, 200.12] },
    };
    expect(fieldsOf(kittiObjectLine(box)).slice(4, 8)).toEqual(['587.01', '173.33', '614.12', '200.12']);
  });

  it('writes an ignore region as DontCare, with track id -1 in tracking files', () => {
    const crowd: DatasetObject = { ...mask, category: 'car', ignore: true, sourceId: '7' };
    expect(fieldsOf(kittiObjectLine(crowd))[0]).toBe('DontCare');
    expect(fieldsOf(trackingLine(4, crowd)).slice(0, 3)).toEqual(['4', '-1', 'DontCare']);
  });

  it.each([
    ['12', 12],
    ['00091034', 91034],
  ])('takes the kept track id %s as %d', (sourceId, track) => {
    expect(trackId({ ...mask, sourceId })).toBe(track);
  });

  it('gives a kept id that is not a number the same track id every time', () => {
    const a = trackId({ ...mask, sourceId: 'ped-a' });
    expect(a).toBe(trackId({ ...mask, sourceId: 'ped-a' }));
    expect(a).not.toBe(trackId({ ...mask, sourceId: 'ped-b' }));
    expect(a).toBeGreaterThanOrEqual(0);
  });

  it('places frames by the sequence and frame number an import kept', () => {
    const writer = formatWriter('kitti-tracking');
    const kept = { ...entry, name: 'b.png', attributes: { videoName: '0001', frameIndex: 3 } };
    expect(writer.imagePath('train', 'b.png', kept)).toBe('train/image_02/0001/000003.png');
    const [record] = writer.records(kept, options, context()).records;
    expect(record).toEqual({
      file: 'val/label_02/0001.txt',
      kind: 'lines',
      record:
        '3 ' +
        `${trackId(entry.objects[0]!)} car -1 -1 -10 1.000000 2.000000 11.000000 12.000000 -1 -1 -1 -1000 -1000 -1000 -10\n`,
    });
  });
});

describe('COCO video reader', () => {
  const category = [{ id: 1, name: 'car' }];
  const box = (id: number, image_id: number, extra: object) => ({
    id,
    image_id,
    category_id: 1,
    bbox: [1, 2, 10, 10],
    area: 100,
    iscrowd: 0,
    ...extra,
  });
  const read = (doc: object) => {
    const issues = new IssueList();
    const images = formatReader('coco-video').read(JSON.stringify(doc), 'v.json', issues);
    const report = issues.toReport();
    return {
      frames: images.map((i) => [i.fileName, i.attributes?.videoName, i.attributes?.frameIndex]),
      tracks: images.map((i) => i.objects.map((o) => o.sourceId ?? null)),
      kept: images.map((i) => [i.source?.fields, ...i.objects.map((o) => o.source?.fields)]),
      messages: report.items.map((i) => `${i.severity}: ${i.message}`),
    };
  };

  it.each([
    [
      'our own export (mmtracking / BDD100K style: frame_id, a "video" name, a videos list)',
      {
        videos: [{ id: 7, name: 'drive-1', width: 40, height: 20 }],
        images: [
          { id: 2, file_name: 'b.jpg', width: 40, height: 20, video: 'drive-1', video_id: 7, frame_id: 4 },
          { id: 1, file_name: 'a.jpg', width: 40, height: 20, video: 'drive-1', video_id: 7, frame_id: 3 },
        ],
        annotations: [box(10, 1, { video_id: 7, track_id: 5 }), box(11, 2, { video_id: 7, track_id: 5 })],
        categories: category,
      },
      [
        ['b.jpg', 'drive-1', 4],
        ['a.jpg', 'drive-1', 3],
      ],
      [['5'], ['5']],
    ],
    [
      'TAO style: frame_index, the name only in the videos list',
      {
        videos: [{ id: 0, name: 'train/YFCC100M/v_1', width: 640, height: 480 }],
        tracks: [{ id: 3, category_id: 1, video_id: 0 }],
        images: [{ id: 0, file_name: 'f.jpg', video_id: 0, frame_index: 0 }],
        annotations: [box(0, 0, { track_id: 3 })],
        categories: category,
      },
      [['f.jpg', 'train/YFCC100M/v_1', 0]],
      [['3']],
    ],
    [
      'no videos list: the video named by its id; an annotation without track_id in no track',
      {
        images: [{ id: 1, file_name: 'a.jpg', video_id: 9, frame_id: 0 }],
        annotations: [box(1, 1, {}), box(2, 1, { track_id: -1, iscrowd: 1 })],
        categories: category,
      },
      [['a.jpg', 'video 9', 0]],
      [[null, null]],
    ],
  ])('reads %s as frames and track ids', (_, doc, frames, tracks) => {
    const out = read(doc);
    expect(out.frames).toEqual(frames);
    expect(out.tracks).toEqual(tracks);
    // The video keys are modelled now: not kept as foreign fields for COCO's writer, and not reported dropped.
    expect(JSON.stringify(out.kept)).not.toMatch(/video|frame_|track_id/);
    expect(out.messages).toEqual([]);
  });

  it.each([
    [{ id: 1, file_name: 'a.jpg', video_id: 9 }, 'has no frame number'],
    [{ id: 1, file_name: 'a.jpg', frame_id: 2 }, 'a frame number but no video'],
    [{ id: 1, file_name: 'a.jpg', video_id: 9, frame_id: -1 }, 'has no frame number'],
  ])('takes %j as a lone image, and says why', (image, message) => {
    const out = read({ images: [image], annotations: [], categories: category });
    expect(out.frames).toEqual([['a.jpg', undefined, undefined]]);
    expect(out.messages).toEqual([expect.stringMatching(new RegExp(`^warning: .*${message}`))]);
  });

  it('refuses a videos list that is not one', () => {
    const out = read({ videos: {}, images: [], categories: category });
    expect(out.messages).toEqual(['error: "videos" must be a list of { id, name }.']);
  });
});
