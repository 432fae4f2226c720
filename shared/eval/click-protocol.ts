// The standard interactive-segmentation protocol (as in RITM, SimpleClick): the first click at the object's
// centre, each next one from the error of the last answer (prompt-strategies.ts correctiveClick), up to 20
// clicks; per click the IoU, and NoC@t: how many clicks an engine needs to reach IoU t (the cap when never).
// The engine is a function given here, so the protocol is the same for every engine and tested without one.
import type { BinaryMask } from '../geometry/mask';
import { correctiveClick, deepestPoint, type Click, type EvalPrompt } from './prompt-strategies';

export type SegmentFn = (prompt: EvalPrompt) => Promise<BinaryMask>;

export interface ClickRun {
  /** IoU after click 1, 2, ... (as many as were made). */
  ious: number[];
  clicks: Click[];
  /** Clicks to reach each threshold; maxClicks when it was never reached. */
  noc: Record<string, number>;
}

export function maskIou(a: BinaryMask, b: BinaryMask): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    const y = b.data[i]!;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

export async function runClickProtocol(
  truth: BinaryMask,
  segment: SegmentFn,
  { maxClicks = 20, thresholds = [0.85, 0.9], stopAt = Math.max(...thresholds) } = {},
): Promise<ClickRun | null> {
  const first = deepestPoint(truth);
  if (!first) return null;
  const clicks: Click[] = [{ point: first, positive: true }];
  const ious: number[] = [];
  for (;;) {
    const prediction = await segment({ points: [...clicks] });
    ious.push(maskIou(prediction, truth));
    if (ious.at(-1)! >= stopAt || clicks.length >= maxClicks) break;
    const next = correctiveClick(prediction, truth);
    if (!next) break;
    clicks.push(next);
  }
  const noc = Object.fromEntries(
    thresholds.map((t) => {
      const at = ious.findIndex((v) => v >= t);
      return [String(t), at === -1 ? maxClicks : at + 1];
    }),
  );
  return { ious, clicks, noc };
}

/** mIoU after each click over many objects; an object that stopped early keeps its last IoU. */
export function meanIouPerClick(runs: readonly Pick<ClickRun, 'ious'>[], maxClicks = 20): number[] {
  if (runs.length === 0) return [];
  return Array.from({ length: maxClicks }, (_, k) => {
    const sum = runs.reduce((s, r) => s + (r.ious[Math.min(k, r.ious.length - 1)] ?? 0), 0);
    return sum / runs.length;
  });
}
