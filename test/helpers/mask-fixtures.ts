// Deterministic masks for the geometry tests and the benchmarks (scripts/bench/rle.ts, canvas.ts).
import { createMask, type BinaryMask } from '../../shared/geometry/mask';
import { seededRandom } from '../../shared/random';

/** A tiny seeded PRNG so every run sees the same masks. */
export const prng = seededRandom;

/** A mask from rows of text: '#' is foreground, anything else background. */
export function maskFromRows(rows: readonly string[]): BinaryMask {
  const mask = createMask(rows[0]?.length ?? 0, rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (mask.data[y * mask.width + x] = c === '#' ? 1 : 0)));
  return mask;
}

export function maskToRows(mask: BinaryMask): string[] {
  return Array.from({ length: mask.height }, (_, y) =>
    Array.from(mask.data.subarray(y * mask.width, (y + 1) * mask.width), (v) => (v ? '#' : '.')).join(''),
  );
}

/** Independent pixels set with probability `density`: many runs, parts, holes and diagonal contacts. */
export function noiseMask(rand: () => number, width: number, height: number, density: number): BinaryMask {
  const mask = createMask(width, height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = rand() < density ? 1 : 0;
  return mask;
}

/**
 * What a segmenter returns: a few blobs with wavy outlines, some with a hole, possibly cut by the image
 * border.
 */
export function blobMask(rand: () => number, width: number, height: number, blobs: number): BinaryMask {
  const mask = createMask(width, height);
  for (let b = 0; b < blobs; b++) {
    const [cx, cy] = [rand() * width, rand() * height];
    const r = (0.05 + rand() * 0.15) * Math.min(width, height);
    const [waves, phase, wobble] = [3 + Math.floor(rand() * 6), rand() * 2 * Math.PI, 0.1 + rand() * 0.2];
    const hole = rand() < 0.5 ? r * (0.2 + rand() * 0.3) : 0;
    const [x1, x2] = [Math.max(0, Math.floor(cx - 2 * r)), Math.min(width, Math.ceil(cx + 2 * r))];
    const [y1, y2] = [Math.max(0, Math.floor(cy - 2 * r)), Math.min(height, Math.ceil(cy + 2 * r))];
    for (let y = y1; y < y2; y++) {
      for (let x = x1; x < x2; x++) {
        const [dx, dy] = [x + 0.5 - cx, y + 0.5 - cy];
        const d = Math.hypot(dx, dy);
        const edge = r * (1 + wobble * Math.sin(waves * Math.atan2(dy, dx) + phase));
        if (d < edge && d >= hole) mask.data[y * width + x] = 1;
      }
    }
  }
  return mask;
}
