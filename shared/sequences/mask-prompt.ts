// The local fallback's prompt for the next frame: the previous frame's mask becomes its box (widened a little,
// as the object moves) and one positive point on the mask (the mask pixel nearest its centroid, so a
// C-shaped mask still gets a point on itself). Read from the RLE's column runs: no full-frame buffer.
import type { Box, Point, Rle } from '../domain';
import { clipBox, forEachColumnPiece, rleToBox, rleToCounts } from '../geometry';

/** How much the box grows on each side, as a share of its size (the object moves between frames). */
export const BOX_MARGIN = 0.1;

export interface MaskPrompt {
  box: Box;
  point: Point;
}

export function promptFromMask(rle: Rle, margin = BOX_MARGIN): MaskPrompt | null {
  const [h, w] = rle.size;
  const counts = rleToCounts(rle);
  let n = 0;
  let sx = 0;
  let sy = 0;
  forEachColumnPiece(counts, h, (x, y, len) => {
    n += len;
    sx += (x + 0.5) * len;
    sy += (y + (len - 1) / 2 + 0.5) * len;
  });
  if (n === 0) return null;
  const [cx, cy] = [sx / n, sy / n];
  let best: Point = [0, 0];
  let bestD = Infinity;
  forEachColumnPiece(counts, h, (x, y, len) => {
    // The piece's pixel nearest the centroid's row.
    const py = Math.min(Math.max(Math.floor(cy), y), y + len - 1);
    const d = (x + 0.5 - cx) ** 2 + (py + 0.5 - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = [x + 0.5, py + 0.5];
    }
  });
  const [x1, y1, x2, y2] = rleToBox(rle);
  const mx = (x2 - x1) * margin;
  const my = (y2 - y1) * margin;
  return { box: clipBox([x1 - mx, y1 - my, x2 + mx, y2 + my], w, h), point: best };
}
