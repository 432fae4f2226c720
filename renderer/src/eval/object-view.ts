// Which part of the image the overlay shows for one object: small objects are the interesting ones, so the
// view is the object's box (truth and prediction together) grown to three times its size and at least 160 px
// a side, kept inside the image. Pure, so it is table-tested.
import type { Box } from '../../../shared/domain';

export const MIN_VIEW_SIDE = 160;

/** The part of the image to show: the object's box grown to three times its size, at least MIN_VIEW_SIDE px a side. */
export function objectView(boxes: readonly Box[], width: number, height: number): Box {
  if (boxes.length === 0) return [0, 0, width, height];
  const x1 = Math.min(...boxes.map((b) => b[0]));
  const y1 = Math.min(...boxes.map((b) => b[1]));
  const x2 = Math.max(...boxes.map((b) => b[2]));
  const y2 = Math.max(...boxes.map((b) => b[3]));
  const side = (lo: number, hi: number, limit: number): [number, number] => {
    const size = Math.min(limit, Math.max(MIN_VIEW_SIDE, 3 * (hi - lo)));
    const start = Math.max(0, Math.min(limit - size, (lo + hi) / 2 - size / 2));
    return [start, start + size];
  };
  const [vx1, vx2] = side(x1, x2, width);
  const [vy1, vy2] = side(y1, y2, height);
  return [vx1, vy1, vx2, vy2];
}
