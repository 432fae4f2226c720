// Binary masks in memory: row-major, one byte per pixel, 0 = background, 1 = foreground.
import type { Box } from '../domain';
import { StudioError } from '../errors';

export interface BinaryMask {
  width: number;
  height: number;
  /** Row-major: pixel (x, y) is data[y * width + x]. */
  data: Uint8Array;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new StudioError(
      'invalid_input',
      `Mask size ${width}x${height} is not a pair of non-negative integers`,
    );
  }
}

/** An empty mask, or one wrapping `data` (not copied) after checking its length. */
export function createMask(width: number, height: number, data?: Uint8Array): BinaryMask {
  checkSize(width, height);
  if (data && data.length !== width * height) {
    throw new StudioError(
      'invalid_input',
      `Mask data has ${data.length} bytes, expected ${width * height} for ${width}x${height}`,
    );
  }
  return { width, height, data: data ?? new Uint8Array(width * height) };
}

/** The pixels of `box` (pixel-edge coordinates, rounded outwards, clipped to the mask) as a new mask. */
export function cropMask(mask: BinaryMask, box: Box): BinaryMask {
  const x1 = Math.max(0, Math.floor(box[0]));
  const y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(mask.width, Math.ceil(box[2]));
  const y2 = Math.min(mask.height, Math.ceil(box[3]));
  const out = createMask(Math.max(0, x2 - x1), Math.max(0, y2 - y1));
  for (let y = 0; y < out.height; y++) {
    const from = (y1 + y) * mask.width + x1;
    out.data.set(mask.data.subarray(from, from + out.width), y * out.width);
  }
  return out;
}

/**
 * Copies `src` into `dst` with its top-left corner at integer (x, y), overwriting that region; the parts that
 * fall outside `dst` are dropped (a model's crop mask may overhang the image).
 */
export function pasteMask(dst: BinaryMask, src: BinaryMask, x: number, y: number): BinaryMask {
  if (!Number.isInteger(x) || !Number.isInteger(y)) {
    throw new StudioError('invalid_input', `Mask offset (${x}, ${y}) must be whole pixels`);
  }
  const sx1 = Math.max(0, -x);
  const sy1 = Math.max(0, -y);
  const sx2 = Math.min(src.width, dst.width - x);
  const sy2 = Math.min(src.height, dst.height - y);
  if (sx2 <= sx1) return dst;
  for (let sy = sy1; sy < sy2; sy++) {
    const row = sy * src.width;
    dst.data.set(src.data.subarray(row + sx1, row + sx2), (y + sy) * dst.width + x + sx1);
  }
  return dst;
}
