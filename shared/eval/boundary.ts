// Boundary F-score (Perazzi et al., the DAVIS benchmark's F): how much of a predicted outline lies within a few
// pixels of the true one and back. IoU barely moves when a mask's edge is off by two pixels all round on a large
// object; this measure does, which is what a labeller fixing edges feels.
import { StudioError } from '../errors';
import type { BinaryMask } from '../geometry/mask';

export interface BoundaryScore {
  precision: number;
  recall: number;
  f: number;
}

/** DAVIS's tolerance: 0.8 % of the image diagonal, at least one pixel. */
export const defaultBoundaryTolerance = (width: number, height: number) =>
  Math.max(1, Math.ceil(0.008 * Math.hypot(width, height)));

/** Foreground pixels with a 4-neighbour that is background or outside the image. */
export function boundaryPixels(mask: BinaryMask): Uint8Array {
  const { width: w, height: h, data } = mask;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!data[i]) continue;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) out[i] = 1;
      else if (!data[i - 1] || !data[i + 1] || !data[i - w] || !data[i + w]) out[i] = 1;
    }
  }
  return out;
}

/** The pixels within `radius` (Euclidean) of any set pixel. */
function dilate(bits: Uint8Array, w: number, h: number, radius: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++)
      if (dx * dx + dy * dy <= radius * radius) offsets.push([dx, dy]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!bits[y * w + x]) continue;
      for (const [dx, dy] of offsets) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < w && ny < h) out[ny * w + nx] = 1;
      }
    }
  }
  return out;
}

/** Share of `bits` that falls on `near`; 1 when `bits` is empty. */
function shareWithin(bits: Uint8Array, near: Uint8Array): number {
  let total = 0;
  let hit = 0;
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    total++;
    if (near[i]) hit++;
  }
  return total === 0 ? 1 : hit / total;
}

/**
 * Boundary precision, recall and F of `prediction` against `truth` (same size) within `tolerance` pixels.
 * Both empty: 1. One empty: 0.
 */
export function boundaryScore(
  prediction: BinaryMask,
  truth: BinaryMask,
  tolerance = defaultBoundaryTolerance(truth.width, truth.height),
): BoundaryScore {
  if (prediction.width !== truth.width || prediction.height !== truth.height)
    throw new StudioError(
      'invalid_input',
      `Masks of different sizes: ${prediction.width}x${prediction.height} and ${truth.width}x${truth.height}`,
    );
  const { width: w, height: h } = truth;
  const pb = boundaryPixels(prediction);
  const tb = boundaryPixels(truth);
  const pEmpty = !pb.some((v) => v);
  const tEmpty = !tb.some((v) => v);
  if (pEmpty && tEmpty) return { precision: 1, recall: 1, f: 1 };
  if (pEmpty || tEmpty) return { precision: 0, recall: 0, f: 0 };
  const precision = shareWithin(pb, dilate(tb, w, h, tolerance));
  const recall = shareWithin(tb, dilate(pb, w, h, tolerance));
  const f = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f };
}
