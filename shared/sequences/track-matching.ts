// Keeping a track through propagation: each object's new mask is paired with the object it came from by IoU
// (shared/eval/matching.ts's greedy pairing, the best pair first), and an object is lost where its new mask
// is too unsure, too small or large against the previous one, or no longer overlaps it. Pure: the same checks
// serve the local fallback, a video model and an endpoint.
import type { Rle } from '../domain';
import { greedyMatch } from '../eval/matching';
import { rleArea, rleIou } from '../geometry';

export interface LossChecks {
  /** Below this engine score the object is lost. */
  minScore: number;
  /** The new mask's area as a share of the previous one's, allowed range (a car does not triple in a frame). */
  minAreaRatio: number;
  maxAreaRatio: number;
  /** IoU with the previous frame's mask at least this (the object moves, but not across the image). */
  minIou: number;
}

export const DEFAULT_LOSS_CHECKS: LossChecks = {
  minScore: 0.3,
  minAreaRatio: 0.3,
  maxAreaRatio: 3,
  minIou: 0.2,
};

export interface Candidate {
  rle: Rle;
  score: number;
}

export type TrackStep = { kept: true; candidate: number; iou: number } | { kept: false; reason: string };

/** Why a mask does not continue the previous one, or null when it does. */
export function lossReason(
  previous: Rle,
  next: Candidate,
  checks: LossChecks = DEFAULT_LOSS_CHECKS,
): string | null {
  const before = rleArea(previous);
  const after = rleArea(next.rle);
  if (after === 0) return 'the new mask is empty';
  if (next.score < checks.minScore)
    return `the engine's score ${next.score.toFixed(2)} is under ${checks.minScore}`;
  const ratio = before === 0 ? Infinity : after / before;
  if (ratio < checks.minAreaRatio || ratio > checks.maxAreaRatio)
    return `the mask's area went from ${before} to ${after} px (x${ratio.toFixed(2)})`;
  const iou = rleIou(previous, next.rle);
  if (iou < checks.minIou) return `the mask overlaps the previous frame's by IoU ${iou.toFixed(2)} only`;
  return null;
}

/**
 * Pairs the previous frame's objects with the new candidates (IoU, greedy, above checks.minIou) and says for
 * each object whether it goes on (which candidate) or is lost (why).
 */
export function matchTracks(
  previous: readonly Rle[],
  candidates: readonly Candidate[],
  checks: LossChecks = DEFAULT_LOSS_CHECKS,
): TrackStep[] {
  const iou = candidates.map((c) => previous.map((p) => rleIou(p, c.rle)));
  const { matches } = greedyMatch(iou, previous.length, checks.minIou);
  return previous.map((p, t) => {
    const m = matches.find((x) => x.truth === t);
    if (!m) {
      const best = candidates.length === 0 ? 0 : Math.max(...iou.map((row) => row[t]!));
      return { kept: false, reason: `no new mask overlaps it (best IoU ${best.toFixed(2)})` };
    }
    const reason = lossReason(p, candidates[m.prediction]!, checks);
    return reason ? { kept: false, reason } : { kept: true, candidate: m.prediction, iou: m.iou };
  });
}
