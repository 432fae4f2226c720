// From the user's prompt in original image pixels to the decoder's point_coords / point_labels, as SAM's own
// predictor and ONNX example build them: coordinates scaled into the resized (longest side 1024) frame, points
// first, then the box as two corners labelled 2 and 3; with points only, a padding point (0, 0) labelled -1.
import type { Box } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import type { SegmentPrompt } from '../segmenter';

export const SAM_INPUT_SIDE = 1024;
export const LOW_RES_SIDE = 256;

/** The original image size and the size SAM resizes it to (ResizeLongestSide.get_preprocess_shape). */
export interface SamFrame {
  width: number;
  height: number;
  resizedWidth: number;
  resizedHeight: number;
}

export function samFrame(width: number, height: number): SamFrame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new StudioError('invalid_input', `Image size ${width}x${height} is not a positive whole size.`);
  const scale = SAM_INPUT_SIDE / Math.max(width, height);
  return {
    width,
    height,
    resizedWidth: Math.floor(width * scale + 0.5),
    resizedHeight: Math.floor(height * scale + 0.5),
  };
}

export const LABEL = { background: 0, foreground: 1, boxTopLeft: 2, boxBottomRight: 3, padding: -1 } as const;

export interface DecoderPrompt {
  /** [x, y] per point in the resized frame, flattened: the [1, N, 2] tensor's data. */
  coords: Float32Array;
  labels: Float32Array;
  count: number;
  /** One click and nothing else: SAM's ambiguous case, answered from its multimask tokens. */
  singlePoint: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function checkFinite(values: readonly number[], what: string): void {
  if (!values.every(Number.isFinite))
    throw new StudioError(
      'invalid_input',
      `The prompt's ${what} [${values.join(', ')}] is not finite numbers.`,
    );
}

/** The box ordered and clipped to the image; a box with no area left is refused. */
export function clipPromptBox(box: Box, frame: SamFrame): Box {
  checkFinite(box, 'box');
  const x1 = clamp(Math.min(box[0], box[2]), 0, frame.width);
  const x2 = clamp(Math.max(box[0], box[2]), 0, frame.width);
  const y1 = clamp(Math.min(box[1], box[3]), 0, frame.height);
  const y2 = clamp(Math.max(box[1], box[3]), 0, frame.height);
  if (x2 - x1 <= 0 || y2 - y1 <= 0)
    throw new StudioError(
      'invalid_input',
      `The box [${box.join(', ')}] has no area inside the ${frame.width}x${frame.height} image.`,
    );
  return [x1, y1, x2, y2];
}

/** Validates the prompt and builds the decoder's point inputs; points outside the image are clipped to it. */
export function decoderPrompt(prompt: SegmentPrompt, frame: SamFrame): DecoderPrompt {
  if (prompt.points.length === 0 && !prompt.box)
    throw new StudioError('invalid_input', 'A segmentation prompt needs at least one point or a box.');
  const sx = frame.resizedWidth / frame.width;
  const sy = frame.resizedHeight / frame.height;
  const xy: number[] = [];
  const labels: number[] = [];
  for (const { point, positive } of prompt.points) {
    checkFinite(point, 'point');
    xy.push(clamp(point[0], 0, frame.width) * sx, clamp(point[1], 0, frame.height) * sy);
    labels.push(positive ? LABEL.foreground : LABEL.background);
  }
  if (prompt.box) {
    const [x1, y1, x2, y2] = clipPromptBox(prompt.box, frame);
    xy.push(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    labels.push(LABEL.boxTopLeft, LABEL.boxBottomRight);
  } else {
    xy.push(0, 0);
    labels.push(LABEL.padding);
  }
  return {
    coords: Float32Array.from(xy),
    labels: Float32Array.from(labels),
    count: labels.length,
    singlePoint: prompt.points.length === 1 && !prompt.box,
  };
}

/** The decoder's mask_input and has_mask_input: the previous low-res logits, or zeros. */
export function maskInput(previous: SegmentPrompt['previous']): { mask: Float32Array; has: number } {
  const lowRes = previous?.lowRes;
  if (!lowRes) return { mask: new Float32Array(LOW_RES_SIDE * LOW_RES_SIDE), has: 0 };
  if (lowRes.length !== LOW_RES_SIDE * LOW_RES_SIDE)
    throw new StudioError(
      'invalid_input',
      `The previous mask has ${lowRes.length} low-res values; SAM feeds back ${LOW_RES_SIDE}x${LOW_RES_SIDE}.`,
    );
  return { mask: lowRes, has: 1 };
}
