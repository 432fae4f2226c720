// KITTI tracking label txt (label_02): one file per sequence, each line a KITTI object line led by its frame
// number and track id. The track id is kept as the object's source id, the sequence and frame number as the
// image's videoName and frameIndex (BDD100K's names for the same two things), so either
// import exports back into sequences.
import { KITTI_CLASS_NAMES } from '../class-names';
import type { IssueList } from '../issues';
import { stemOf } from '../names';
import type { DatasetImage, DatasetObject } from '../records';
import { hash32, SPLITS, type SplitName } from '../split';
import type { DatasetFormat, ExportEntry } from './format';
import { fieldLines, kittiFields, parseObject } from './kitti';

/**
 * One label_02 file: a sequence, each line naming its frame. `imageName(frame)` says which image a frame is
 * (image_02/0001/000000.png in KITTI's layout).
 */
export function readKittiTracking(
  text: string,
  fileName: string,
  imageName: (frame: number) => string,
  issues: IssueList,
): DatasetImage[] {
  const frames = new Map<number, DatasetImage>();
  for (const { fields, where } of fieldLines(text, fileName, 'tracking', 17, issues)) {
    const [frameText, trackText, ...objectFields] = fields as [string, string, ...string[]];
    const frame = Number(frameText);
    const track = Number(trackText);
    if (!Number.isInteger(frame) || frame < 0 || !Number.isInteger(track)) {
      issues.error(where, 'A KITTI tracking line starts with a frame number and a track id.');
      continue;
    }
    const object = parseObject(objectFields, where, issues);
    if (!object) continue;
    if (track >= 0) object.sourceId = String(track);
    let image = frames.get(frame);
    if (!image) {
      image = {
        fileName: imageName(frame),
        where: `${fileName}: frame ${frame}`,
        objects: [],
        attributes: { videoName: sequenceOf(fileName), frameIndex: frame },
      };
      frames.set(frame, image);
    }
    image.objects.push(object);
  }
  return [...frames.values()];
}

/**
 * KITTI tracking frame f of sequence file 0001.txt is image 0001/00000f.png (image_02 layout); a file already
 * cut to one frame and named like its image (0001_000000.txt, as in flattened samples) names 0001_00000f.png.
 */
export function trackingImageName(file: string): (frame: number) => string {
  const stem = stemOf(file);
  const frame6 = (f: number) => String(f).padStart(6, '0');
  const flat = /^(.+)_\d+$/.exec(stem);
  return flat ? (f) => `${flat[1]}_${frame6(f)}.png` : (f) => `${stem}/${frame6(f)}.png`;
}

/** The sequence a label file holds: 0001.txt and the one-frame 0001_000000.txt are both sequence 0001. */
const sequenceOf = (file: string) => stemOf(file).replace(/_\d+$/, '');

// Writing

/** Images that no import placed in a sequence, numbered in export order (not a number: it cannot meet one). */
export const UNSEQUENCED = 'unsequenced';

/** A kept name as one safe path segment: [A-Za-z0-9_.-] only, and no leading dot ('..', a hidden folder). */
const segment = (name: string) => name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');

/** The image's sequence and frame number: kept from an import (KITTI tracking or BDD100K), else export order. */
export function sequenceFrame(entry: Pick<ExportEntry, 'index' | 'attributes'>): {
  sequence: string;
  frame: number;
} {
  const { videoName, frameIndex } = entry.attributes ?? {};
  const kept = typeof videoName === 'string' && videoName !== '' && Number.isSafeInteger(frameIndex);
  return kept && (frameIndex as number) >= 0
    ? { sequence: segment(videoName), frame: frameIndex as number }
    : { sequence: UNSEQUENCED, frame: entry.index - 1 };
}

/**
 * The track id of an object: -1 for an ignore region (as KITTI's DontCare lines), its track's key (or its kept
 * id) when that is a number (KITTI, BDD100K MOTS), else a stable number made from it.
 */
export function trackId(object: DatasetObject): number {
  if (object.ignore) return -1;
  const id = object.track ?? object.sourceId ?? '';
  if (typeof id === 'number')
    return Number.isSafeInteger(id) && id >= 0 ? id : hash32(String(id)) & 0x7fffffff;
  return /^\d{1,15}$/.test(id) ? Number(id) : hash32(id) & 0x7fffffff;
}

/** One label_02 line: frame, track id, then the object's fields with 6 decimals, as KITTI's files have them. */
export const trackingLine = (frame: number, object: DatasetObject): string =>
  [String(frame), String(trackId(object)), ...kittiFields(object, 6, true)].join(' ');

const layout = {
  images: (split: SplitName) => `${split}/image_02`,
  labels: (split: SplitName, sequence: string) => `${split}/label_02/${sequence}.txt`,
};

/** training/image_02/0001/000003.png: the frame number, six digits, keeping the image's own extension. */
function framePath(split: SplitName, name: string, entry?: ExportEntry): string {
  const { sequence, frame } = sequenceFrame(entry ?? { index: 1 });
  const dot = name.lastIndexOf('.');
  return `${layout.images(split)}/${sequence}/${String(frame).padStart(6, '0')}${dot > 0 ? name.slice(dot) : ''}`;
}

export const kittiTracking = {
  id: 'kitti-tracking' as const,
  reader: {
    name: 'KITTI tracking (label_02 txt)',
    input: 'txt-folder',
    read: (text, fileName, issues) => readKittiTracking(text, fileName, trackingImageName(fileName), issues),
  },
  writer: {
    name: 'KITTI tracking',
    classNames: KITTI_CLASS_NAMES,
    imagePath: framePath,
    imageFolders: SPLITS.map(layout.images),
    records(entry) {
      const { sequence, frame } = sequenceFrame(entry);
      const file = layout.labels(entry.split, sequence);
      const lines = entry.objects.map((o) => `${trackingLine(frame, o)}\n`).join('');
      return { records: lines ? [{ file, kind: 'lines', record: lines }] : [], drawn: [] };
    },
  },
  validator: { reads: readsKittiLabels, validate: validateKittiTracking },
} satisfies DatasetFormat;

import type { FormatFiles } from './format';
import { readsKittiLabels } from './kitti';

// Validation: each sequence file's lines, by line number.

function validateKittiTracking(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files) readKittiTracking(text, file, trackingImageName(file), issues);
}
