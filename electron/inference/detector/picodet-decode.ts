// PP-PicoDet-S 320 (paddle2onnx, no NMS inside) around the graph: the input tensor from 320x320 RGB pixels,
// and the eight outputs (per stride: class scores, then GFL box distributions) back to scored boxes in the
// original image. Pure functions; ../shared/models/picodet-s-320-coco/README.md is the contract.
import type { Box } from '../../../shared/domain';

export const PICODET_SIZE = 320;
export const PICODET_STRIDES = [8, 16, 32, 64] as const;
/** Bins per box side of the GFL distribution (reg_max 7 + 1). */
const BINS = 8;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** Interleaved RGB bytes of a 320x320 image -> float32 [1, 3, 320, 320]: /255, ImageNet mean/std, CHW. */
export function picodetInput(rgb: Uint8Array): Float32Array {
  const plane = PICODET_SIZE * PICODET_SIZE;
  if (rgb.length !== plane * 3) throw new Error(`expected ${plane * 3} RGB bytes, got ${rgb.length}`);
  const out = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * STD[c]!);
    const shift = MEAN[c]! / STD[c]!;
    for (let i = 0, at = c; i < plane; i++, at += 3) out[c * plane + i] = rgb[at]! * scale - shift;
  }
  return out;
}

export interface RawDetection {
  box: Box;
  score: number;
  classId: number;
}

export interface DecodeOptions {
  /** The original image size: boxes are scaled back to it, each axis on its own (the input was stretched). */
  width: number;
  height: number;
  scoreThreshold: number;
  /** Only these class ids compete for a cell; all classes when absent. */
  classIds?: ReadonlySet<number>;
}

/** Expected side of a distance distribution: sum(j * softmax(bins)_j). */
function expectedBin(dist: Float32Array, at: number): number {
  let max = -Infinity;
  for (let j = 0; j < BINS; j++) max = Math.max(max, dist[at + j]!);
  let sum = 0;
  let weighted = 0;
  for (let j = 0; j < BINS; j++) {
    const e = Math.exp(dist[at + j]! - max);
    sum += e;
    weighted += j * e;
  }
  return weighted / sum;
}

/**
 * Decodes per-stride `scores` ([cells, classes], sigmoid-ed) and `dists` ([cells, 4 * 8]: left, top, right,
 * bottom) into one detection per cell whose best (allowed) class scores above the threshold, before NMS.
 */
export function decodePicodet(
  scores: readonly Float32Array[],
  dists: readonly Float32Array[],
  numClasses: number,
  options: DecodeOptions,
): RawDetection[] {
  const sx = options.width / PICODET_SIZE;
  const sy = options.height / PICODET_SIZE;
  const allowed = options.classIds ? [...options.classIds] : Array.from({ length: numClasses }, (_, i) => i);
  const found: RawDetection[] = [];
  PICODET_STRIDES.forEach((stride, level) => {
    const cls = scores[level]!;
    const dist = dists[level]!;
    const gridW = Math.ceil(PICODET_SIZE / stride);
    const cells = cls.length / numClasses;
    for (let i = 0; i < cells; i++) {
      let best = -1;
      let score = options.scoreThreshold;
      for (const c of allowed) {
        const s = cls[i * numClasses + c]!;
        if (s > score) [best, score] = [c, s];
      }
      if (best < 0) continue;
      const cx = ((i % gridW) + 0.5) * stride;
      const cy = (Math.floor(i / gridW) + 0.5) * stride;
      const at = i * 4 * BINS;
      const [l, t, r, b] = [0, 1, 2, 3].map((side) => expectedBin(dist, at + side * BINS) * stride) as Box;
      const box: Box = [
        clamp((cx - l) * sx, options.width),
        clamp((cy - t) * sy, options.height),
        clamp((cx + r) * sx, options.width),
        clamp((cy + b) * sy, options.height),
      ];
      found.push({ box, score, classId: best });
    }
  });
  return found;
}

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
