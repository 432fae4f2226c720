// Item 8 of issue 4: the classical engine's quality on real driving frames, by object size. Every BDD100K
// object of the shared sample with a ground-truth mask (33: instance segmentation and MOTS frames; KITTI has
// boxes only) is prompted with its box, its centre point, and both, through the real engine (worker thread,
// OpenCV). The floors are the values measured on this machine, rounded down by a few hundredths; the box
// prompt must beat simply filling the box in every size bucket.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassicalSegmenter } from '../../../electron/inference/classical';
import type { PromptPoint, Segmenter } from '../../../electron/inference/segmenter';
import type { Box, Point, Rle } from '../../../shared/domain';
import { clipBox, createMask, maskToRle, rleIou, rleToBox } from '../../../shared/geometry';
import { objectClick } from '../../helpers/object-click';
import { DRIVING_SAMPLE } from '../../helpers/shared-assets';
import { sizeBucket, type Bucket } from '../../helpers/detector-ground-truth';

const FRAMES = [
  'bdd100k_ins_seg/620a7840-33cada02.rle.json',
  'bdd100k_mots/00091078-875c1f73-0000166.json',
  'bdd100k_mots/00091078-875c1f73-0000167.json',
];

interface MaskedObject {
  image: string;
  width: number;
  height: number;
  truth: Rle;
  box: Box;
  /** The box as people draw it: 10 % of its size looser on every side (clipped to the image). */
  loose: Box;
  centre: Point;
  bucket: Bucket;
}

function maskedObjects(): MaskedObject[] {
  return FRAMES.flatMap((labels) => {
    const json = JSON.parse(readFileSync(join(DRIVING_SAMPLE, labels), 'utf8')) as
      { labels: { rle?: Rle }[] }[] | { frames: { labels: { rle?: Rle | null }[] }[] };
    const frame = Array.isArray(json) ? json[0]! : json.frames[0]!;
    const image = join(DRIVING_SAMPLE, labels.replace(/(\.rle)?\.json$/, '.jpg'));
    return frame.labels.flatMap(({ rle }) => {
      if (!rle) return [];
      const [height, width] = rle.size;
      const box = rleToBox(rle);
      const [mx, my] = [Math.round((box[2] - box[0]) / 10), Math.round((box[3] - box[1]) / 10)];
      const loose = clipBox([box[0] - mx, box[1] - my, box[2] + mx, box[3] + my], width, height);
      const bucket = sizeBucket(box, width, height);
      return [{ image, width, height, truth: rle, box, loose, centre: objectClick(rle, box), bucket }];
    });
  });
}

function filledBox(box: Box, width: number, height: number): Rle {
  const mask = createMask(width, height);
  for (let y = box[1]; y < box[3]; y++) mask.data.fill(1, y * width + box[0], y * width + box[2]);
  return maskToRle(mask);
}

type Mode =
  | 'box'
  | 'point'
  | 'box + point'
  | 'box, then a centre click'
  | 'box, best of 3'
  | 'point, best of 3'
  | 'box drawn 10 % loose'
  | 'filled box'
  | 'filled loose box';
const BUCKETS: Bucket[] = ['small', 'medium', 'large'];

// Measured (mean IoU, small / medium / large): box, box + point and box then a centre click (refining)
// 0.77 / 0.67 / 0.81, point 0.21 / 0.41 / 0.45, box best of 3 0.78 / 0.68 / 0.84, point best of 3
// 0.42 / 0.53 / 0.55, box drawn 10 % loose 0.62 / 0.57 / 0.71; filled box 0.76 / 0.63 / 0.79, filled loose box
// 0.53 / 0.44 / 0.55. The floors sit 0.03-0.05 under them.
const FLOORS: Record<Exclude<Mode, 'filled box' | 'filled loose box'>, Record<Bucket, number>> = {
  box: { small: 0.74, medium: 0.64, large: 0.77 },
  point: { small: 0.18, medium: 0.37, large: 0.4 },
  'box + point': { small: 0.74, medium: 0.64, large: 0.77 },
  'box, then a centre click': { small: 0.74, medium: 0.64, large: 0.77 },
  'box, best of 3': { small: 0.75, medium: 0.65, large: 0.8 },
  'point, best of 3': { small: 0.38, medium: 0.49, large: 0.5 },
  'box drawn 10 % loose': { small: 0.58, medium: 0.54, large: 0.67 },
};

describe.skipIf(!existsSync(DRIVING_SAMPLE))('classical engine quality on BDD100K objects, by size', () => {
  let engine: Segmenter;
  const ious: Record<Mode, Record<Bucket, number[]>> = {
    box: { small: [], medium: [], large: [] },
    point: { small: [], medium: [], large: [] },
    'box + point': { small: [], medium: [], large: [] },
    'box, then a centre click': { small: [], medium: [], large: [] },
    'box, best of 3': { small: [], medium: [], large: [] },
    'point, best of 3': { small: [], medium: [], large: [] },
    'box drawn 10 % loose': { small: [], medium: [], large: [] },
    'filled box': { small: [], medium: [], large: [] },
    'filled loose box': { small: [], medium: [], large: [] },
  };
  const mean = (mode: Mode, bucket: Bucket) =>
    ious[mode][bucket].reduce((a, b) => a + b, 0) / ious[mode][bucket].length;

  beforeAll(async () => {
    engine = createClassicalSegmenter();
    for (const o of maskedObjects()) {
      const image = { sha256: o.image, path: o.image, width: o.width, height: o.height };
      const click: PromptPoint[] = [{ point: o.centre, positive: true }];
      // 'best of 3': the candidate a person cycling through them (Tab) would keep.
      const prompts: [Mode, Box | null, PromptPoint[], boolean][] = [
        ['box', o.box, [], false],
        ['point', null, click, false],
        ['box + point', o.box, click, false],
        ['box, best of 3', o.box, [], true],
        ['point, best of 3', null, click, true],
        ['box drawn 10 % loose', o.loose, [], false],
      ];
      for (const [mode, box, points, multimask] of prompts) {
        const result = await engine.segment(image, { box, points, previous: null }, { multimask });
        ious[mode][o.bucket].push(Math.max(...result.candidates.map((c) => rleIou(c.rle, o.truth))));
      }
      // Refinement: the box's answer fed back with a confirming click must not get worse.
      const first = await engine.segment(
        image,
        { box: o.box, points: [], previous: null },
        { multimask: false },
      );
      const refined = await engine.segment(
        image,
        { box: o.box, points: click, previous: first.next[0]! },
        { multimask: false },
      );
      ious['box, then a centre click'][o.bucket].push(rleIou(refined.candidates[0]!.rle, o.truth));
      ious['filled box'][o.bucket].push(rleIou(filledBox(o.box, o.width, o.height), o.truth));
      ious['filled loose box'][o.bucket].push(rleIou(filledBox(o.loose, o.width, o.height), o.truth));
    }
    const rows = (Object.keys(ious) as Mode[]).map(
      (mode) => `| ${mode} | ${BUCKETS.map((b) => mean(mode, b).toFixed(2)).join(' | ')} |`,
    );
    const counts = BUCKETS.map((b) => `${b} (${ious.box[b].length})`).join(' | ');
    console.log(['| prompt | ' + counts + ' |', '| --- | --- | --- | --- |', ...rows].join('\n'));
  }, 300_000);
  afterAll(() => engine.dispose());

  it('has objects in every size bucket', () => {
    expect(BUCKETS.map((b) => ious.box[b].length > 0)).toEqual([true, true, true]);
  });

  it.each(BUCKETS)('box prompts beat filling the box on %s objects, tight or loose', (bucket) => {
    expect(mean('box', bucket)).toBeGreaterThan(mean('filled box', bucket));
    expect(mean('box drawn 10 % loose', bucket)).toBeGreaterThan(mean('filled loose box', bucket));
  });

  it.each(Object.keys(FLOORS) as (keyof typeof FLOORS)[])(
    '%s prompts stay above their measured floors',
    (mode) => {
      for (const bucket of BUCKETS)
        expect(mean(mode, bucket), bucket).toBeGreaterThanOrEqual(FLOORS[mode][bucket]);
    },
  );
});
