// Masks come back from an endpoint at the size of the image sent, which may be smaller than the original:
// nearest-neighbour scaling maps them back onto the original pixels (each output pixel takes the input pixel
// under its centre), and prompts go the other way with scalePoint.
import type { Box, Point } from '../domain';
import { createMask, type BinaryMask } from '../geometry/mask';

export function scaleMask(mask: BinaryMask, width: number, height: number): BinaryMask {
  if (mask.width === width && mask.height === height) return mask;
  const out = createMask(width, height);
  if (mask.width === 0 || mask.height === 0) return out;
  const sx = mask.width / width;
  const sy = mask.height / height;
  // Source column per output column, computed once: the inner loop is then one lookup per pixel.
  const cols = new Int32Array(width);
  for (let x = 0; x < width; x++) cols[x] = Math.min(mask.width - 1, Math.floor((x + 0.5) * sx));
  for (let y = 0; y < height; y++) {
    const row = Math.min(mask.height - 1, Math.floor((y + 0.5) * sy)) * mask.width;
    const at = y * width;
    for (let x = 0; x < width; x++) out.data[at + x] = mask.data[row + cols[x]!]!;
  }
  return out;
}

/** Scale factors from one image frame to another ([x, y]). */
export interface FrameScale {
  x: number;
  y: number;
}

export const scaleBetween = (
  from: { width: number; height: number },
  to: { width: number; height: number },
): FrameScale => ({ x: to.width / from.width, y: to.height / from.height });

export const scalePoint = ([x, y]: Point, s: FrameScale): Point => [x * s.x, y * s.y];

export const scaleBox = ([x1, y1, x2, y2]: Box, s: FrameScale): Box => [
  x1 * s.x,
  y1 * s.y,
  x2 * s.x,
  y2 * s.y,
];
