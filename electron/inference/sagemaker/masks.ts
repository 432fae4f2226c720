// Masks between the frame of the image sent and the original image: prompts' previous masks go down, answers
// come back up (nearest neighbour), with a clear error when an endpoint answers a mask of another size.
import type { Rle } from '../../../shared/domain';
import { scaleMask } from '../../../shared/endpoints/scale-mask';
import { StudioError } from '../../../shared/errors';
import { maskToRle, rleArea, rleToBox, rleToMask } from '../../../shared/geometry/rle';
import type { MaskCandidate } from '../segmenter';

export interface Frame {
  width: number;
  height: number;
}

/** An RLE of `from`'s size as an RLE of `to`'s size. */
export function rescaleRle(rle: Rle, to: Frame): Rle {
  if (rle.size[0] === to.height && rle.size[1] === to.width) return rle;
  return maskToRle(scaleMask(rleToMask(rle), to.width, to.height));
}

/** An endpoint's mask (in the sent frame) as a candidate on the original image. */
export function candidateFromWire(
  wire: { rle: Rle; score: number },
  sent: Frame,
  original: Frame,
  endpoint: string,
): MaskCandidate {
  if (wire.rle.size[0] !== sent.height || wire.rle.size[1] !== sent.width)
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' answered a ${wire.rle.size[1]}x${wire.rle.size[0]} mask for the ` +
        `${sent.width}x${sent.height} image it was sent.`,
      { endpoint, maskSize: wire.rle.size, sentSize: [sent.height, sent.width] },
    );
  const score = Math.min(1, Math.max(0, wire.score));
  if (sent.width === original.width && sent.height === original.height)
    return { rle: wire.rle, box: rleToBox(wire.rle), area: rleArea(wire.rle), score };
  const mask = scaleMask(rleToMask(wire.rle), original.width, original.height);
  let area = 0;
  for (let i = 0; i < mask.data.length; i++) area += mask.data[i]!;
  const rle = maskToRle(mask);
  return { rle, box: rleToBox(rle), area, score };
}
