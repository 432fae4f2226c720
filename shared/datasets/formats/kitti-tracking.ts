// KITTI tracking label txt (label_02): one file per sequence, each line a KITTI object line led by its frame
// number and track id. Import only; the track id is kept as the object's source id.
import type { IssueList } from '../issues';
import { stemOf } from '../names';
import type { DatasetImage } from '../records';
import type { DatasetFormat } from './format';
import { fieldLines, parseObject } from './kitti';

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
      image = { fileName: imageName(frame), where: `${fileName}: frame ${frame}`, objects: [] };
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

export const kittiTracking = {
  id: 'kitti-tracking' as const,
  reader: {
    name: 'KITTI tracking (label_02 txt)',
    input: 'txt-folder',
    read: (text, fileName, issues) => readKittiTracking(text, fileName, trackingImageName(fileName), issues),
  },
  validator: { reads: readsKittiLabels, validate: validateKittiTracking },
} satisfies DatasetFormat;

import type { FormatFiles } from './format';
import { readsKittiLabels } from './kitti';

// Validation: each sequence file's lines, by line number.

function validateKittiTracking(files: FormatFiles, issues: IssueList): void {
  for (const [file, text] of files) readKittiTracking(text, file, trackingImageName(file), issues);
}
