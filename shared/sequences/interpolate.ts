// Box interpolation between keyframes of one track: linear in each corner, for the frames strictly between two
// keyframes that have no box of their own. Frame numbers, not positions: a gap in the numbering is a gap in
// time, and the box moves by the time that passed. Frames of another size than a keyframe's get the keyframe
// boxes scaled to their size first (as fractions of the frame), so a resized frame gets the box in its pixels.
import type { Box } from '../domain';

export interface Keyframe {
  frame: number;
  box: Box;
}

export interface FrameSize {
  width: number;
  height: number;
}

/** A keyframe's box in the pixels of a frame of size `to`, when its own frame's size differs. */
function scaledTo(k: Keyframe, from: FrameSize | undefined, to: FrameSize | undefined): Keyframe {
  if (!from || !to || (from.width === to.width && from.height === to.height)) return k;
  const [sx, sy] = [to.width / from.width, to.height / from.height];
  const [x1, y1, x2, y2] = k.box;
  return { frame: k.frame, box: [x1 * sx, y1 * sy, x2 * sx, y2 * sy] };
}

/** The box at `frame` between keyframes a and b (a.frame < frame < b.frame), rounded to 1/100 pixel. */
export function boxBetween(a: Keyframe, b: Keyframe, frame: number): Box {
  const t = (frame - a.frame) / (b.frame - a.frame);
  return a.box.map((v, i) => Math.round((v + (b.box[i]! - v) * t) * 100) / 100) as Box;
}

/**
 * Interpolated boxes for the `frames` (the sequence's frame numbers) that lie strictly between two keyframes
 * and are not keyframes themselves; frames before the first or after the last keyframe get none. With
 * `sizes` (frame number -> its size), keyframe boxes are scaled to each frame's size.
 */
export function interpolateTrack(
  keyframes: readonly Keyframe[],
  frames: readonly number[],
  sizes?: ReadonlyMap<number, FrameSize>,
): Keyframe[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  if (keys.length < 2) return [];
  const isKey = new Set(keys.map((k) => k.frame));
  const out: Keyframe[] = [];
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  let k = 0;
  for (const frame of sorted) {
    if (isKey.has(frame) || frame < keys[0]!.frame || frame > keys.at(-1)!.frame) continue;
    while (keys[k + 1]!.frame < frame) k++;
    const [a, b] = [keys[k]!, keys[k + 1]!];
    const to = sizes?.get(frame);
    out.push({
      frame,
      box: boxBetween(scaledTo(a, sizes?.get(a.frame), to), scaledTo(b, sizes?.get(b.frame), to), frame),
    });
  }
  return out;
}
