import type { Box, Point, Rle } from '../../shared/domain';
import { rleToBox, rleToMask } from '../../shared/geometry';

/**
 * Where a person clicks an object: the centre of its box (by default the mask's own box), or, when the centre
 * misses the object (a partly hidden car), the object pixel nearest to it.
 */
export function objectClick(truth: Rle, box: Box = rleToBox(truth)): Point {
  const mask = rleToMask(truth);
  const [x1, y1, x2, y2] = box;
  const [cx, cy] = [Math.floor((x1 + x2) / 2), Math.floor((y1 + y2) / 2)];
  let best: Point = [cx, cy];
  let bestDistance = Infinity;
  for (let y = y1; y < y2; y++)
    for (let x = x1; x < x2; x++) {
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (mask.data[y * mask.width + x] && d < bestDistance) [best, bestDistance] = [[x, y], d];
    }
  return best;
}
