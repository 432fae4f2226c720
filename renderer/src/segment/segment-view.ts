// 'Segment in view': SAM sees at most 1024 px, so on a large image zoomed in on a small object the click is
// better answered from the visible crop (the server encodes it at full input size and maps the mask back).
// Pure: which region is visible, and whether it is worth sending.
import type { Box } from '../../../shared/domain';
import { toImage, type View } from '../canvas/viewport';

/** Images up to this longest side fit SAM's input as they are: no crop helps. */
export const MIN_IMAGE_SIDE = 1024;
/** The view must show less than this share of the image on both sides. */
export const MAX_VISIBLE_SHARE = 0.6;

/** The part of the image on the stage, in image pixels (whole pixels, clipped), or null when none is. */
export function visibleRegion(
  view: View,
  stage: { w: number; h: number },
  image: { w: number; h: number },
): Box | null {
  const [x1, y1] = toImage(view, [0, 0]);
  const [x2, y2] = toImage(view, [stage.w, stage.h]);
  const box: Box = [
    Math.max(0, Math.floor(x1)),
    Math.max(0, Math.floor(y1)),
    Math.min(image.w, Math.ceil(x2)),
    Math.min(image.h, Math.ceil(y2)),
  ];
  return box[2] > box[0] && box[3] > box[1] ? box : null;
}

/** The region to send as segment.run's `view`, or null when the whole image is the better input. */
export function segmentView(
  view: View,
  stage: { w: number; h: number },
  image: { w: number; h: number },
): Box | null {
  if (Math.max(image.w, image.h) <= MIN_IMAGE_SIDE) return null;
  const region = visibleRegion(view, stage, image);
  if (!region) return null;
  const zoomedIn =
    region[2] - region[0] < MAX_VISIBLE_SHARE * image.w &&
    region[3] - region[1] < MAX_VISIBLE_SHARE * image.h;
  return zoomedIn ? region : null;
}
