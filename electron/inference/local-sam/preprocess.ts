// The encoder's input tensor from the RGB pixels already resized to the SAM frame (longest side 1024), in the
// layout each export variant expects (models/manifest.ts, PREPROCESS_VARIANTS).
import { StudioError } from '../../../shared/errors';
import { decodeRgb, DEFAULT_MAX_MEGAPIXELS } from '../../media/convert-image';
import type { EngineImage } from '../segmenter';
import { SAM_INPUT_SIDE } from './prompt';

export type SamPreprocess = 'sam-hwc-in-graph' | 'sam-nchw-1024';

// segment-anything's Sam.pixel_mean / pixel_std, on 0..255.
const MEAN = [123.675, 116.28, 103.53] as const;
const STD = [58.395, 57.12, 57.375] as const;

export interface EncoderInput {
  data: Float32Array;
  dims: number[];
}

/**
 * - 'sam-hwc-in-graph': float [H, W, 3] RGB 0..255; the graph normalises and pads.
 * - 'sam-nchw-1024': float [1, 3, 1024, 1024], (v - mean) / std, zero-padded right and bottom.
 */
export function encoderInput(
  variant: SamPreprocess,
  rgb: Uint8Array,
  width: number,
  height: number,
): EncoderInput {
  if (rgb.length !== width * height * 3 || Math.max(width, height) > SAM_INPUT_SIDE)
    throw new StudioError(
      'internal',
      `Encoder pixels: ${rgb.length} bytes for ${width}x${height} RGB within ${SAM_INPUT_SIDE}.`,
    );
  if (variant === 'sam-hwc-in-graph') return { data: Float32Array.from(rgb), dims: [height, width, 3] };
  const side = SAM_INPUT_SIDE;
  const plane = side * side;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const [mean, std] = [MEAN[c]!, STD[c]!];
    for (let y = 0; y < height; y++) {
      const out = c * plane + y * side;
      for (let x = 0, at = y * width * 3 + c; x < width; x++, at += 3)
        data[out + x] = (rgb[at]! - mean) / std;
    }
  }
  return { data, dims: [1, 3, side, side] };
}

/** The image's RGB pixels, refused when the file no longer has the size recorded for it. */
export async function imagePixels(image: EngineImage, maxMegapixels = DEFAULT_MAX_MEGAPIXELS) {
  const pixels = await decodeRgb(image.path, { maxMegapixels });
  if (pixels.width !== image.width || pixels.height !== image.height)
    throw new StudioError(
      'invalid_input',
      `${image.path} decodes to ${pixels.width}x${pixels.height}, not the ${image.width}x${image.height} recorded for it; re-import it.`,
    );
  return pixels;
}
