// Masks between the frame of the image sent and the original image: prompts' previous masks go down, answers
// come back up (nearest neighbour, on the runs), with a clear error when an endpoint answers a mask of another
// size than the image it was sent.
import type { Rle } from '../../../shared/domain';
import { scaleRle } from '../../../shared/endpoints/scale-mask';
import { StudioError } from '../../../shared/errors';
import { rleArea, rleToBox } from '../../../shared/geometry/rle';
import type { MaskCandidate } from '../segmenter';

export interface Frame {
  width: number;
  height: number;
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
  const rle = scaleRle(wire.rle, original.width, original.height);
  return { rle, box: rleToBox(rle), area: rleArea(rle), score: Math.min(1, Math.max(0, wire.score)) };
}
