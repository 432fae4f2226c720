// KITTI object label txt (label_2: 15 fields, a 16th score in result files); its line reading is shared with
// KITTI tracking (./kitti-tracking). DontCare lines are ignore regions. The 3D fields are kept as attributes
// and written back, so a KITTI -> KITTI trip keeps every line's numbers.
import type { Box } from '../../domain';
import { KITTI_CLASS_NAMES } from '../class-names';
import type { IssueList } from '../issues';
import { IGNORE_LABEL, isIgnoreLabel, type DatasetImage, type DatasetObject } from '../records';
import { stemOf } from '../names';
import { labelBox } from '../shapes';
import { SPLITS, type SplitName } from '../split';
import type { DatasetFormat } from './format';

/** The 3D part of a KITTI line, kept in the object's attributes under this key. */
interface Kitti3d {
  truncated: number;
  occluded: number;
  alpha: number;
  dimensions: [number, number, number];
  location: [number, number, number];
  rotation_y: number;
}

/** What KITTI writes, as on its DontCare lines, before and after the box of an object without 3D data. */
const NO_3D_BEFORE = ['-1', '-1', '-10'];
const NO_3D_AFTER = ['-1', '-1', '-1', '-1000', '-1000', '-1000', '-10'];

export function parseObject(fields: string[], where: string, issues: IssueList): DatasetObject | null {
  const [type, ...rest] = fields;
  const nums = rest.map(Number);
  if (!type || nums.some((n) => !Number.isFinite(n))) {
    issues.error(where, 'A KITTI line is a type followed by 14 numbers (15 with a score).');
    return null;
  }
  const [truncated, occluded, alpha, left, top, right, bottom, h, w, l, x, y, z, ry, score] =
    nums as number[];
  const box: Box = [left!, top!, right!, bottom!];
  if (box[2] <= box[0] || box[3] <= box[1]) {
    issues.error(where, `The 2D box [${box.join(', ')}] has no area.`);
    return null;
  }
  const kitti3d: Kitti3d = {
    truncated: truncated!,
    occluded: occluded!,
    alpha: alpha!,
    dimensions: [h!, w!, l!],
    location: [x!, y!, z!],
    rotation_y: ry!,
  };
  const object: DatasetObject = {
    category: type,
    shape: { kind: 'box', box },
    attributes: { kitti: kitti3d },
    where,
  };
  if (isIgnoreLabel(type)) object.ignore = true;
  if (score !== undefined) object.score = score;
  return object;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '');

/**
 * The fields of each non-empty line holding `count` fields (one more with a score), with where it stands; a line
 * of another length is reported as an error and skipped.
 */
export function* fieldLines(text: string, fileName: string, what: string, count: number, issues: IssueList) {
  for (const { line, number } of lines(text)) {
    const fields = line.split(/\s+/);
    const where = `${fileName}: line ${number}`;
    if (fields.length === count || fields.length === count + 1) yield { fields, where };
    else
      issues.error(
        where,
        `A KITTI ${what} line has ${count} fields (${count + 1} with a score); this one has ${fields.length}.`,
      );
  }
}

/** One label_2 file: the objects of the image with the same stem (000003.txt -> 000003.png). */
export function readKittiObject(
  text: string,
  fileName: string,
  imageName: string,
  issues: IssueList,
): DatasetImage {
  const image: DatasetImage = { fileName: imageName, where: fileName, objects: [] };
  for (const { fields, where } of fieldLines(text, fileName, 'object', 15, issues)) {
    const object = parseObject(fields, where, issues);
    if (object) image.objects.push(object);
  }
  return image;
}

/**
 * The fields of a KITTI object line, numbers with `digits` decimals (object files have 2, tracking files 6 and
 * an integer truncation level). KITTI types have no spaces, so a label like "traffic sign" is written
 * traffic_sign; an ignore region is DontCare, KITTI's only way to say so. A mask's box corners are inclusive
 * pixels, as KITTI's are.
 */
export function kittiFields(object: DatasetObject, digits = 2, integerTruncation = false): string[] {
  const f = (n: number) => n.toFixed(digits);
  const kitti = readKitti3d(object.attributes?.kitti);
  const box = labelBox(object.shape).map(f);
  const type = object.ignore ? IGNORE_LABEL : object.category.replace(/\s+/g, '_');
  const fields = kitti
    ? [
        type,
        integerTruncation ? String(Math.round(kitti.truncated)) : f(kitti.truncated),
        String(Math.round(kitti.occluded)),
        f(kitti.alpha),
        ...box,
        ...kitti.dimensions.map(f),
        ...kitti.location.map(f),
        f(kitti.rotation_y),
      ]
    : [type, ...NO_3D_BEFORE, ...box, ...NO_3D_AFTER];
  if (object.score !== undefined) fields.push(f(object.score));
  return fields;
}

/** One label_2 line. */
export const kittiObjectLine = (object: DatasetObject): string => kittiFields(object).join(' ');

/** The 3D fields when the object has real ones (DontCare's placeholders are not). */
function readKitti3d(raw: unknown): Kitti3d | null {
  const k = raw as Partial<Kitti3d> | undefined;
  const ok =
    k &&
    [k.truncated, k.occluded, k.alpha, k.rotation_y].every((v) => typeof v === 'number') &&
    Array.isArray(k.dimensions) &&
    Array.isArray(k.location) &&
    k.location[0] !== -1000;
  return ok ? (k as Kitti3d) : null;
}

// The format

const layout = {
  images: (split: SplitName) => `${split}/image_2`,
  image: (split: SplitName, name: string) => `${layout.images(split)}/${name}`,
  labels: (split: SplitName, name: string) => `${split}/label_2/${stemOf(name)}.txt`,
};

export const kitti = {
  id: 'kitti' as const,
  reader: {
    name: 'KITTI object (label_2 txt)',
    input: 'txt-folder',
    read: (text, fileName, issues) => [readKittiObject(text, fileName, `${stemOf(fileName)}.png`, issues)],
  },
  writer: {
    name: 'KITTI object',
    classNames: KITTI_CLASS_NAMES,
    imagePath: layout.image,
    imageFolders: SPLITS.map(layout.images),
    records: (entry) => ({
      records: [
        {
          file: layout.labels(entry.split, entry.name),
          kind: 'text',
          record: entry.objects.map((o) => `${kittiObjectLine(o)}\n`).join(''),
        },
      ],
      drawn: [],
    }),
  },
  validator: { reads: readsKittiLabels, validate: validateKittiObject },
} satisfies DatasetFormat;

import type { FormatFiles } from './format';

// Validation: each label file's lines, by line number.

export function readsKittiLabels(path: string): boolean {
  return path.endsWith('.txt');
}

function validateKittiObject(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files) readKittiObject(text, file, file, issues);
}
