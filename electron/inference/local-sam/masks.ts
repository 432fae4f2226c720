// From the decoder's outputs to ranked candidates in original image pixels: which output tokens to show, SAM's
// upscaling of low-res logits when a graph stops before it, and thresholding straight into RLE + box + area.
import type { Box, Rle } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { createMask } from '../../../shared/geometry/mask';
import { maskToRle } from '../../../shared/geometry/rle';
import type { MaskCandidate, PreviousMask } from '../segmenter';
import { LOW_RES_SIDE, SAM_INPUT_SIDE, type SamFrame } from './prompt';

const LOW_RES_PIXELS = LOW_RES_SIDE * LOW_RES_SIDE;

/**
 * The output tokens to return, best first. SAM's standard export has 4: token 0 is the single-mask answer,
 * 1..3 the multimask ones. As SAM (and its ONNX select_masks) does, a lone click is ambiguous and is answered
 * from the multimask tokens, the best by predicted IoU when only one is asked; otherwise token 0. An export
 * that returns one mask has already chosen; any other count is ranked by score.
 */
export function chooseTokens(scores: ArrayLike<number>, multimask: boolean, singlePoint: boolean): number[] {
  const all = Array.from({ length: scores.length }, (_, i) => i);
  const byScore = (tokens: number[]) => tokens.sort((a, b) => scores[b]! - scores[a]! || a - b);
  if (scores.length === 1) return [0];
  if (scores.length !== 4) return multimask ? byScore(all) : byScore(all).slice(0, 1);
  const multi = byScore([1, 2, 3]);
  if (multimask) return multi;
  return singlePoint ? multi.slice(0, 1) : [0];
}

/** Source index pairs and weights of a 1-D bilinear resize with align_corners=False (PyTorch's). */
function bilinearTaps(inSize: number, outSize: number, count = outSize) {
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const w1 = new Float32Array(count);
  const scale = inSize / outSize;
  for (let o = 0; o < count; o++) {
    const src = Math.max(0, (o + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, inSize - 1);
    w1[o] = src - lo;
  }
  return { i0, i1, w1 };
}

/**
 * Resizes a row-major `inW` x `inH` plane to `outW` x `outH` (only the first `keepW` x `keepH` output pixels
 * computed, as when the result is cropped next), separably: rows first, then columns, like PyTorch's kernel.
 */
function resizeBilinear(
  src: Float32Array,
  inW: number,
  inH: number,
  outW: number,
  outH: number,
  keepW = outW,
  keepH = outH,
): Float32Array {
  const tx = bilinearTaps(inW, outW, keepW);
  const ty = bilinearTaps(inH, outH, keepH);
  const rows = new Float32Array(inH * keepW);
  for (let y = 0; y < inH; y++) {
    const s = y * inW;
    const d = y * keepW;
    for (let x = 0; x < keepW; x++) {
      const a = src[s + tx.i0[x]!]!;
      rows[d + x] = a + (src[s + tx.i1[x]!]! - a) * tx.w1[x]!;
    }
  }
  const out = new Float32Array(keepH * keepW);
  for (let y = 0; y < keepH; y++) {
    const r0 = ty.i0[y]! * keepW;
    const r1 = ty.i1[y]! * keepW;
    const w = ty.w1[y]!;
    const d = y * keepW;
    for (let x = 0; x < keepW; x++) {
      const a = rows[r0 + x]!;
      out[d + x] = a + (rows[r1 + x]! - a) * w;
    }
  }
  return out;
}

/**
 * SAM's mask_postprocessing for one 256x256 low-res logit plane: bilinear to the 1024 padded frame, crop the
 * part the image filled, bilinear to the original size. Returns logits at original size, row-major.
 */
export function upscaleLowRes(lowRes: Float32Array, frame: SamFrame): Float32Array {
  const padded = resizeBilinear(
    lowRes,
    LOW_RES_SIDE,
    LOW_RES_SIDE,
    SAM_INPUT_SIDE,
    SAM_INPUT_SIDE,
    frame.resizedWidth,
    frame.resizedHeight,
  );
  return resizeBilinear(padded, frame.resizedWidth, frame.resizedHeight, frame.width, frame.height);
}

export interface ThresholdedMask {
  rle: Rle;
  /** [x1, y1, x2, y2], x2/y2 exclusive; [0, 0, 0, 0] when empty. */
  box: Box;
  area: number;
}

/**
 * Logits > 0 (SAM's mask_threshold) of the `width` x `height` plane starting at `offset`, encoded. One
 * row-major pass finds the pixels, box and area; `scratch` (width * height bytes) is reused between calls.
 */
export function thresholdLogits(
  logits: Float32Array,
  offset: number,
  width: number,
  height: number,
  scratch: Uint8Array,
): ThresholdedMask {
  let [x1, y1, x2, y2, area] = [width, height, -1, -1, 0];
  for (let y = 0, i = offset, o = 0; y < height; y++) {
    let rowFirst = -1;
    let rowLast = -1;
    for (let x = 0; x < width; x++, i++, o++) {
      const on = logits[i]! > 0;
      scratch[o] = on ? 1 : 0;
      if (on) {
        if (rowFirst < 0) rowFirst = x;
        rowLast = x;
      }
    }
    if (rowFirst >= 0) {
      for (let x = rowFirst; x <= rowLast; x++) area += scratch[y * width + x]!;
      if (rowFirst < x1) x1 = rowFirst;
      if (rowLast > x2) x2 = rowLast;
      if (y < y1) y1 = y;
      y2 = y;
    }
  }
  const rle = maskToRle(createMask(width, height, scratch.subarray(0, width * height)));
  return { rle, box: x2 < 0 ? [0, 0, 0, 0] : [x1, y1, x2 + 1, y2 + 1], area };
}

export interface DecoderOutputs {
  /** [1, tokens, H, W] logits at original size, or at 256x256 when the graph stops before upscaling. */
  masks: Float32Array;
  maskDims: readonly number[];
  /** iou_predictions, one per token. */
  scores: Float32Array;
  /** low_res_masks, [1, tokens, 256, 256]. */
  lowRes: Float32Array;
}

/** The chosen tokens as candidates in original pixels, each with its low-res logits for the next click. */
export function samCandidates(
  out: DecoderOutputs,
  frame: SamFrame,
  multimask: boolean,
  singlePoint: boolean,
): { candidates: MaskCandidate[]; next: PreviousMask[] } {
  const { masks, scores, lowRes } = out;
  const [, tokens, mh, mw] = out.maskDims;
  if (tokens !== scores.length || lowRes.length !== tokens * LOW_RES_PIXELS)
    throw new StudioError(
      'model_invalid',
      `The decoder returned ${tokens} masks, ${scores.length} scores and ${lowRes.length / LOW_RES_PIXELS} low-res masks.`,
    );
  const atOriginalSize = mh === frame.height && mw === frame.width;
  if (!atOriginalSize && !(mh === LOW_RES_SIDE && mw === LOW_RES_SIDE))
    throw new StudioError(
      'model_invalid',
      `The decoder's masks are ${mw}x${mh}: neither the image's ${frame.width}x${frame.height} nor ${LOW_RES_SIDE}x${LOW_RES_SIDE}.`,
    );
  const plane = frame.width * frame.height;
  const scratch = new Uint8Array(plane);
  const candidates: MaskCandidate[] = [];
  const next: PreviousMask[] = [];
  for (const t of chooseTokens(scores, multimask, singlePoint)) {
    const ownLowRes = lowRes.slice(t * LOW_RES_PIXELS, (t + 1) * LOW_RES_PIXELS);
    const mask = atOriginalSize
      ? thresholdLogits(masks, t * plane, frame.width, frame.height, scratch)
      : thresholdLogits(
          upscaleLowRes(masks.subarray(t * LOW_RES_PIXELS, (t + 1) * LOW_RES_PIXELS), frame),
          0,
          frame.width,
          frame.height,
          scratch,
        );
    candidates.push({ ...mask, score: Math.min(1, Math.max(0, scores[t]!)) });
    next.push({ lowRes: ownLowRes });
  }
  return { candidates, next };
}
