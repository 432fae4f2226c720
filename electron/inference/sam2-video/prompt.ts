// An object's previous mask as the SAM 2 decoder's prompt on the next frame. SAM 2's frame is the image
// resized to a 1024x1024 square (aspect not kept), so coordinates scale per axis; the low-res grid is 256x256
// over that square. The prompt is the mask's widened box (labels 2 and 3) and a point on it (label 1), as the
// local fallback gives (shared/sequences/mask-prompt.ts), plus the mask itself as mask_input: the logits the
// decoder gave for it when it made it, or, for a mask it did not make (an accepted start mask, a correction),
// the mask's coverage of each low-res cell as SAM 2 turns an input mask into logits (x20 - 10). The decoder
// appends its own padding point, so none is added here.
import type { Rle } from '../../../shared/domain';
import { rleToMask } from '../../../shared/geometry';
import { promptFromMask } from '../../../shared/sequences/mask-prompt';
import { LABEL, LOW_RES_SIDE, SAM_INPUT_SIDE } from '../local-sam/prompt';

/** SAM 2's mask-as-logits scale and bias (sam2_base.py, _use_mask_as_output). */
const MASK_SCALE = 20;
const MASK_BIAS = -10;

export interface TrackerPrompt {
  /** [x, y] per point in the 1024 square, flattened: the [1, N, 2] tensor's data. */
  coords: Float32Array;
  labels: Float32Array;
  count: number;
}

/** The box + point prompt of a previous mask in SAM 2's square, or null when the mask is empty. */
export function trackerPrompt(rle: Rle): TrackerPrompt | null {
  const prompt = promptFromMask(rle);
  if (!prompt) return null;
  const [h, w] = rle.size;
  const [sx, sy] = [SAM_INPUT_SIDE / w, SAM_INPUT_SIDE / h];
  const { point, box } = prompt;
  return {
    coords: Float32Array.of(point[0] * sx, point[1] * sy, box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy),
    labels: Float32Array.of(LABEL.foreground, LABEL.boxTopLeft, LABEL.boxBottomRight),
    count: 3,
  };
}

/** The rows or columns of the image one low-res cell covers: at least one, so a small image still fills it. */
function cellSpans(size: number): Int32Array {
  const spans = new Int32Array(LOW_RES_SIDE + 1);
  for (let i = 0; i <= LOW_RES_SIDE; i++) spans[i] = Math.floor((i * size) / LOW_RES_SIDE);
  return spans;
}

/** A binary mask (original pixels) as 256x256 mask_input logits over SAM 2's square: coverage x 20 - 10. */
export function maskLogits(rle: Rle): Float32Array {
  const mask = rleToMask(rle);
  const { width: w, height: h, data } = mask;
  const xs = cellSpans(w);
  const ys = cellSpans(h);
  const out = new Float32Array(LOW_RES_SIDE * LOW_RES_SIDE);
  for (let i = 0; i < LOW_RES_SIDE; i++) {
    const y0 = Math.min(ys[i]!, h - 1);
    const y1 = Math.max(y0 + 1, ys[i + 1]!);
    for (let j = 0; j < LOW_RES_SIDE; j++) {
      const x0 = Math.min(xs[j]!, w - 1);
      const x1 = Math.max(x0 + 1, xs[j + 1]!);
      let on = 0;
      for (let y = y0; y < y1; y++) for (let x = x0, at = y * w + x0; x < x1; x++, at++) on += data[at]!;
      out[i * LOW_RES_SIDE + j] = (on / ((y1 - y0) * (x1 - x0))) * MASK_SCALE + MASK_BIAS;
    }
  }
  return out;
}
