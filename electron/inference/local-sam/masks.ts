// From the decoder's outputs to ranked candidates in original image pixels: which output tokens to show, SAM's
// upscaling of low-res logits when a graph stops before it, and thresholding straight into RLE + box + area.
import type { Box, Rle } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { countsFromRunStarts, rleFromCounts } from '../../../shared/geometry/rle';
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

type Taps = ReturnType<typeof bilinearTaps>;

/** Half-open index range [start, end). */
type Span = [number, number];

/** The outputs with a tap inside `span` (taps never decrease along the output, so they form a span). */
function outputsTouching({ i0, i1 }: Taps, [lo, hi]: Span): Span {
  let start = 0;
  while (start < i1.length && i1[start]! < lo) start++;
  let end = i0.length;
  while (end > start && i0[end - 1]! >= hi) end--;
  return [start, end];
}

const widen = ([a, b]: Span, size: number): Span => [Math.max(0, a - 1), Math.min(size, b + 1)];

/**
 * Bilinear resize of a row-major plane (`inW` wide) computing only the outputs in `xs` x `ys`, separably:
 * rows first, then columns, like PyTorch's kernel; every other output is `fill`.
 */
function resizeWindow(src: Float32Array, inW: number, tx: Taps, ty: Taps, xs: Span, ys: Span, fill: number) {
  const outW = tx.i0.length;
  const out = new Float32Array(outW * ty.i0.length).fill(fill);
  if (xs[1] <= xs[0] || ys[1] <= ys[0]) return out;
  const { i0: xi0, i1: xi1, w1: xw1 } = tx;
  const { i0: yi0, i1: yi1, w1: yw1 } = ty;
  const [x0, x1] = xs;
  const [firstRow, lastRow] = [yi0[ys[0]]!, yi1[ys[1] - 1]!];
  const rows = new Float32Array((lastRow - firstRow + 1) * outW);
  for (let y = firstRow; y <= lastRow; y++) {
    const s = y * inW;
    const d = (y - firstRow) * outW;
    for (let x = x0; x < x1; x++) {
      const a = src[s + xi0[x]!]!;
      rows[d + x] = a + (src[s + xi1[x]!]! - a) * xw1[x]!;
    }
  }
  for (let y = ys[0]; y < ys[1]; y++) {
    const r0 = (yi0[y]! - firstRow) * outW;
    const r1 = (yi1[y]! - firstRow) * outW;
    const w = yw1[y]!;
    const d = y * outW;
    for (let x = x0; x < x1; x++) {
      const a = rows[r0 + x]!;
      out[d + x] = a + (rows[r1 + x]! - a) * w;
    }
  }
  return out;
}

/** The columns and rows holding logits > 0 (empty spans when none). */
function positiveSpans(plane: Float32Array, width: number, height: number): [Span, Span] {
  let [x0, y0, x1, y1] = [width, height, 0, 0];
  for (let y = 0, i = 0; y < height; y++)
    for (let x = 0; x < width; x++, i++)
      if (plane[i]! > 0) {
        if (x < x0) x0 = x;
        if (x >= x1) x1 = x + 1;
        if (y < y0) y0 = y;
        y1 = y + 1;
      }
  return [
    [x0, x1],
    [y0, y1],
  ];
}

/**
 * SAM's mask_postprocessing for one 256x256 low-res logit plane: bilinear to the 1024 padded frame, crop the
 * part the image filled, bilinear to the original size. Returns logits at original size, row-major.
 *
 * A bilinear output is a weighted mean of its taps, so it can only be > 0 where a tap is: each stage is
 * computed exactly where its taps reach the positive region (plus the neighbours the next stage reads), and
 * set to -1 (background, below the threshold as the true value is) elsewhere. The cost follows the object,
 * not the image.
 */
export function upscaleLowRes(lowRes: Float32Array, frame: SamFrame): Float32Array {
  const { resizedWidth: rw, resizedHeight: rh } = frame;
  const [px, py] = positiveSpans(lowRes, LOW_RES_SIDE, LOW_RES_SIDE);
  const tx1 = bilinearTaps(LOW_RES_SIDE, SAM_INPUT_SIDE, rw);
  const ty1 = bilinearTaps(LOW_RES_SIDE, SAM_INPUT_SIDE, rh);
  const [xs1, ys1] = [outputsTouching(tx1, px), outputsTouching(ty1, py)];
  const padded = resizeWindow(lowRes, LOW_RES_SIDE, tx1, ty1, widen(xs1, rw), widen(ys1, rh), -1);
  const tx2 = bilinearTaps(rw, frame.width);
  const ty2 = bilinearTaps(rh, frame.height);
  return resizeWindow(padded, rw, tx2, ty2, outputsTouching(tx2, xs1), outputsTouching(ty2, ys1), -1);
}

/**
 * SAM 2's postprocess_masks for one 256x256 low-res logit plane: one bilinear resize (align_corners=False)
 * straight to the original size, the 1024 square having been the whole image. Computed only where the
 * positive region reaches, as upscaleLowRes is; -1 elsewhere.
 */
export function resizeLowRes(lowRes: Float32Array, width: number, height: number): Float32Array {
  const [px, py] = positiveSpans(lowRes, LOW_RES_SIDE, LOW_RES_SIDE);
  const tx = bilinearTaps(LOW_RES_SIDE, width);
  const ty = bilinearTaps(LOW_RES_SIDE, height);
  return resizeWindow(lowRes, LOW_RES_SIDE, tx, ty, outputsTouching(tx, px), outputsTouching(ty, py), -1);
}

export interface ThresholdedMask {
  rle: Rle;
  /** [x1, y1, x2, y2], x2/y2 exclusive; [0, 0, 0, 0] when empty. */
  box: Box;
  area: number;
}

/**
 * Logits > 0 (SAM's mask_threshold) of the `width` x `height` plane starting at `offset`, straight to COCO RLE
 * with box and area, in one row-major pass and without a full-size mask: as in maskToRle, a run starts where
 * a pixel differs from the one above it (its predecessor in column-major order), or on row 0 from the bottom
 * of the previous column; only the previous row is kept. A counting sort puts the few starts in column order.
 */
export function thresholdLogits(
  logits: Float32Array,
  offset: number,
  width: number,
  height: number,
): ThresholdedMask {
  const above = new Uint8Array(width); // the previous row's pixels
  const firstRow = new Uint8Array(width);
  const found: number[] = []; // run starts below row 0, as x * height + y, row by row
  const perColumn = new Int32Array(width + 1);
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  let area = 0;
  let aboveEmpty = true;
  for (let y = 0; y < height; y++) {
    const from = offset + y * width;
    if (aboveEmpty) {
      // Most rows are background under background: a read-only scan settles them.
      let x = 0;
      while (x < width && !(logits[from + x]! > 0)) x++;
      if (x === width) continue;
    }
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      const on = logits[from + x]! > 0 ? 1 : 0;
      if (on !== above[x]) {
        above[x] = on;
        if (y > 0) {
          found.push(x * height + y);
          perColumn[x + 1]!++;
        }
      }
      if (on) {
        if (first < 0) first = x;
        last = x;
        area++;
      }
    }
    if (y === 0) firstRow.set(above);
    aboveEmpty = first < 0;
    if (first >= 0) {
      if (first < x1) x1 = first;
      if (last > x2) x2 = last;
      if (y1 === height) y1 = y;
      y2 = y;
    }
  }
  // Row 0 against the bottom of the previous column (`above` now holds the last row); pixel (0, 0) against
  // the background every RLE starts with.
  const topStarts: number[] = [];
  for (let x = 0; x < width && height > 0; x++) {
    if (firstRow[x] !== (x > 0 ? above[x - 1] : 0)) {
      topStarts.push(x * height);
      perColumn[x + 1]!++;
    }
  }
  // Row-0 starts first: each is the smallest position of its column.
  const counts = countsFromRunStarts([topStarts, found], perColumn, height, width);
  const rle = rleFromCounts({ size: [height, width], counts });
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
  const candidates: MaskCandidate[] = [];
  const next: PreviousMask[] = [];
  for (const t of chooseTokens(scores, multimask, singlePoint)) {
    const ownLowRes = lowRes.slice(t * LOW_RES_PIXELS, (t + 1) * LOW_RES_PIXELS);
    const mask = atOriginalSize
      ? thresholdLogits(masks, t * plane, frame.width, frame.height)
      : thresholdLogits(
          upscaleLowRes(masks.subarray(t * LOW_RES_PIXELS, (t + 1) * LOW_RES_PIXELS), frame),
          0,
          frame.width,
          frame.height,
        );
    candidates.push({ ...mask, score: Math.min(1, Math.max(0, scores[t]!)) });
    next.push({ lowRes: ownLowRes });
  }
  return { candidates, next };
}
