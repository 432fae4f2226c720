// The trivial answers an engine must beat to be worth a click: the object's box filled, and the ellipse
// inscribed in that box (pixel centres inside it). Both see only the true box, as a box prompt does.
import type { Box, Rle } from '../domain';
import { createMask, maskToRle, type BinaryMask } from '../geometry';

/** Pixels whose centre lies in the box, far edges excluded (the top-left rule: a centre on an edge is drawn once). */
export function filledBoxMask(box: Box, width: number, height: number): BinaryMask {
  return shapeMask(box, width, height, () => true);
}

/** The filled box as COCO RLE: how a box is compared pixel for pixel (COCO exports boxes as 4-corner polygons). */
export const filledBoxRle = (box: Box, width: number, height: number): Rle =>
  maskToRle(filledBoxMask(box, width, height));

export function inscribedEllipseMask(box: Box, width: number, height: number): BinaryMask {
  const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const [rx, ry] = [(box[2] - box[0]) / 2, (box[3] - box[1]) / 2];
  return shapeMask(box, width, height, (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1);
}

function shapeMask(
  box: Box,
  width: number,
  height: number,
  inside: (x: number, y: number) => boolean,
): BinaryMask {
  const mask = createMask(width, height);
  const x1 = Math.max(0, Math.floor(box[0]));
  const y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(width, Math.ceil(box[2]));
  const y2 = Math.min(height, Math.ceil(box[3]));
  for (let y = y1; y < y2; y++) {
    for (let x = x1; x < x2; x++) {
      const [px, py] = [x + 0.5, y + 0.5];
      if (px >= box[0] && px < box[2] && py >= box[1] && py < box[3] && inside(px, py))
        mask.data[y * width + x] = 1;
    }
  }
  return mask;
}
