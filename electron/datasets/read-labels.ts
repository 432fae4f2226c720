// Reads a label file (or, for KITTI, a folder of txt files) into format-neutral records.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFormat } from '../../shared/api/datasets';
import { readCoco } from '../../shared/datasets/coco';
import type { IssueList } from '../../shared/datasets/issues';
import { readKittiObject, readKittiTracking } from '../../shared/datasets/kitti';
import { stemOf } from '../../shared/datasets/names';
import type { DatasetImage } from '../../shared/datasets/records';
import { readScalabel } from '../../shared/datasets/scalabel';
import { StudioError } from '../../shared/errors';

/** Larger label files are refused before being read: a JSON this big needs a streaming reader. */
const MAX_LABEL_FILE_BYTES = 1 << 30;

async function readText(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new StudioError('not_found', `No label file at ${path}.`);
  if (info.size > MAX_LABEL_FILE_BYTES)
    throw new StudioError(
      'invalid_input',
      `${path} is ${info.size} bytes; label files up to 1 GiB are read.`,
    );
  return readFile(path, 'utf8');
}

/** The .txt files of a KITTI label folder in name order, or the one file given. */
async function kittiFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new StudioError('not_found', `No KITTI labels at ${path}.`);
  if (info.isFile()) return [path];
  const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.txt')).sort();
  return names.map((n) => join(path, n));
}

/**
 * KITTI tracking frame f of sequence file 0001.txt is image 0001/00000f.png (image_02 layout); a file already
 * cut to one frame and named like its image (0001_000000.txt, as in flattened samples) names 0001_00000f.png.
 */
function trackingImageName(file: string): (frame: number) => string {
  const stem = stemOf(file);
  const frame6 = (f: number) => String(f).padStart(6, '0');
  const flat = /^(.+)_\d+$/.exec(stem);
  return flat ? (f) => `${flat[1]}_${frame6(f)}.png` : (f) => `${stem}/${frame6(f)}.png`;
}

export async function readLabels(
  format: ImportFormat,
  path: string,
  issues: IssueList,
): Promise<DatasetImage[]> {
  switch (format) {
    case 'coco':
      return readCoco(await readText(path), basename(path), issues).images;
    case 'bdd100k':
      return readScalabel(await readText(path), basename(path), issues).images;
    case 'kitti': {
      const images: DatasetImage[] = [];
      for (const file of await kittiFiles(path))
        images.push(readKittiObject(await readText(file), basename(file), `${stemOf(file)}.png`, issues));
      return images;
    }
    case 'kitti-tracking': {
      const images: DatasetImage[] = [];
      for (const file of await kittiFiles(path))
        images.push(
          ...readKittiTracking(await readText(file), basename(file), trackingImageName(file), issues),
        );
      return images;
    }
  }
}
