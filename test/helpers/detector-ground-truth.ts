// Ground-truth object boxes of the driving sample (../shared/data/driving-sample, see its README), read from
// the label files as they are: KITTI txt (object and tracking) and BDD100K/Scalabel frame lists with box2d.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Box } from '../../shared/domain';
import { boxIou } from '../../shared/geometry/nms';
import { DRIVING_SAMPLE, hasSharedAssets } from './shared-assets';

export interface TruthObject {
  /** The class as our detector names it (COCO): KITTI 'Car' and BDD 'car' are both 'car'. */
  label: string;
  box: Box;
}

export interface TruthImage {
  /** Path relative to the driving sample folder. */
  image: string;
  path: string;
  width: number;
  height: number;
  objects: TruthObject[];
}

const COCO_NAME: Record<string, string> = {
  car: 'car',
  pedestrian: 'person',
  person: 'person',
  truck: 'truck',
  bus: 'bus',
  'traffic light': 'traffic light',
};

function kitti(image: string, labels: string, typeField: number, width: number, height: number): TruthImage {
  const objects = readFileSync(join(DRIVING_SAMPLE, labels), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .flatMap((f) => {
      const label = COCO_NAME[f[typeField]!.toLowerCase()];
      // left top right bottom are inclusive pixel corners: +1 makes them [x1, y1, x2, y2) like ours.
      const [l, t, r, b] = f.slice(typeField + 4, typeField + 8).map(Number) as Box;
      return label ? [{ label, box: [l, t, r + 1, b + 1] as Box }] : [];
    });
  return { image, path: join(DRIVING_SAMPLE, image), width, height, objects };
}

interface ScalabelLabel {
  category: string;
  box2d?: { x1: number; y1: number; x2: number; y2: number } | null;
}

function bdd(image: string, labels: string): TruthImage {
  const json = JSON.parse(readFileSync(join(DRIVING_SAMPLE, labels), 'utf8')) as
    { labels: ScalabelLabel[] }[] | { frames: { labels: ScalabelLabel[] }[] };
  const frame = Array.isArray(json) ? json[0]! : json.frames[0]!;
  const objects = frame.labels.flatMap((l) => {
    const label = COCO_NAME[l.category];
    return label && l.box2d ? [{ label, box: [l.box2d.x1, l.box2d.y1, l.box2d.x2, l.box2d.y2] as Box }] : [];
  });
  return { image, path: join(DRIVING_SAMPLE, image), width: 1280, height: 720, objects };
}

/**
 * Every driving-sample image with boxed vehicles, people or traffic lights, and those boxes; none without the
 * shared sample (suites that need it skip, but vitest still collects their bodies).
 */
export function drivingTruth(): TruthImage[] {
  if (!hasSharedAssets) return [];
  return [
    kitti('kitti_object/000000.png', 'kitti_object/000000.txt', 0, 1224, 370),
    kitti('kitti_object/000003.png', 'kitti_object/000003.txt', 0, 1242, 375),
    kitti('kitti_tracking/0001_000000.png', 'kitti_tracking/0001_000000.txt', 2, 1242, 375),
    bdd('bdd100k_det/12305469-7a4947e7.jpg', 'bdd100k_det/12305469-7a4947e7.json'),
    bdd('bdd100k_ins_seg/620a7840-33cada02.jpg', 'bdd100k_ins_seg/620a7840-33cada02.rle.json'),
    bdd('bdd100k_mots/00091078-875c1f73-0000166.jpg', 'bdd100k_mots/00091078-875c1f73-0000166.json'),
    bdd('bdd100k_mots/00091078-875c1f73-0000167.jpg', 'bdd100k_mots/00091078-875c1f73-0000167.json'),
  ];
}

/** Size buckets of the issue: small < 0.11 % of the image, medium 0.11-1 %, large > 1 %. */
export function sizeBucket(box: Box, width: number, height: number): 'small' | 'medium' | 'large' {
  const share = ((box[2] - box[0]) * (box[3] - box[1])) / (width * height);
  return share < 0.0011 ? 'small' : share <= 0.01 ? 'medium' : 'large';
}

export interface BucketScore {
  objects: number;
  /** Share of objects with a same-class detection at IoU >= 0.5. */
  recall: number;
  /** Mean over objects of the best same-class detection IoU (0 when none). */
  meanIou: number;
}

export type Bucket = ReturnType<typeof sizeBucket>;

/** Recall and mean best IoU per size bucket; `found[i]` are the detections on `images[i]`. */
export function scoreBySize(
  images: readonly TruthImage[],
  found: readonly (readonly { label: string; box: Box }[])[],
): Record<Bucket, BucketScore> {
  const ious: Record<Bucket, number[]> = { small: [], medium: [], large: [] };
  images.forEach((image, i) => {
    for (const o of image.objects) {
      const same = found[i]!.filter((d) => d.label === o.label);
      ious[sizeBucket(o.box, image.width, image.height)].push(
        Math.max(0, ...same.map((d) => boxIou(d.box, o.box))),
      );
    }
  });
  const score = (values: number[]): BucketScore => ({
    objects: values.length,
    recall: values.filter((v) => v >= 0.5).length / values.length,
    meanIou: values.reduce((a, b) => a + b, 0) / values.length,
  });
  return { small: score(ious.small), medium: score(ious.medium), large: score(ious.large) };
}
