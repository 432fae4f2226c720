// Ground truth of the two BDD100K MOTS frames in the shared driving sample, and where a person would click to
// take back part of a mask: shared by the e2e tests that click real cars.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Point, Rle } from '../../shared/domain';
import { pointInMask, rleToMask } from '../../shared/geometry';
import { DRIVING_SAMPLE } from './shared-assets';

export const MOTS = join(DRIVING_SAMPLE, 'bdd100k_mots');
export const MOTS_FRAME = '00091078-875c1f73-0000166.jpg';
export const MOTS_NEXT = '00091078-875c1f73-0000167.jpg';

/** The ground-truth mask of one labelled object (MOTS track id) of a frame. */
export function groundTruth(frame: string, id: string): Rle {
  const frames = JSON.parse(readFileSync(join(MOTS, frame.replace('.jpg', '.json')), 'utf8')) as {
    labels: { id: string; rle: Rle }[];
  }[];
  return frames[0]!.labels.find((l) => l.id === id)!.rle;
}

/** Where a person would put a negative click: a pixel of the answer clearly off the object (no object pixel
 * within `margin`), the one nearest the click. Null when the answer did not spill over. */
export function spill(answer: Rle, truth: Rle, click: Point, margin = 6): Point | null {
  const a = rleToMask(answer);
  const t = rleToMask(truth);
  const nearObject = (x: number, y: number) => {
    for (let dy = -margin; dy <= margin; dy++)
      for (let dx = -margin; dx <= margin; dx++) if (pointInMask(t, [x + dx, y + dy])) return true;
    return false;
  };
  let best: Point | null = null;
  let bestDistance = Infinity;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const d = (x - click[0]) ** 2 + (y - click[1]) ** 2;
      if (d < bestDistance && a.data[y * a.width + x] && !nearObject(x, y))
        [best, bestDistance] = [[x, y], d];
    }
  return best;
}
