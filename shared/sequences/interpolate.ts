// Box interpolation between keyframes of one track: linear in each corner, for the frames strictly between two
// keyframes that have no box of their own. Frame numbers, not positions: a gap in the numbering is a gap in
// time, and the box moves by the time that passed.
import type { Box } from '../domain';

export interface Keyframe {
  frame: number;
  box: Box;
}

/** The box at `frame` between keyframes a and b (a.frame < frame < b.frame), rounded to 1/100 pixel. */
export function boxBetween(a: Keyframe, b: Keyframe, frame: number): Box {
  const t = (frame - a.frame) / (b.frame - a.frame);
  return a.box.map((v, i) => Math.round((v + (b.box[i]! - v) * t) * 100) / 100) as Box;
}

/**
 * Interpolated boxes for the `frames` (the sequence's frame numbers) that lie strictly between two keyframes
 * and are not keyframes themselves; frames before the first or after the last keyframe get none.
 */
export function interpolateTrack(keyframes: readonly Keyframe[], frames: readonly number[]): Keyframe[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  if (keys.length < 2) return [];
  const isKey = new Set(keys.map((k) => k.frame));
  const out: Keyframe[] = [];
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  let k = 0;
  for (const frame of sorted) {
    if (isKey.has(frame) || frame < keys[0]!.frame || frame > keys.at(-1)!.frame) continue;
    while (keys[k + 1]!.frame < frame) k++;
    out.push({ frame, box: boxBetween(keys[k]!, keys[k + 1]!, frame) });
  }
  return out;
}
