// One frame of the local propagation fallback, the same wherever it runs (the studio's 'propagate' job, an
// endpoint answering our propagation wire): each live object's previous mask becomes a box + point prompt
// (mask-prompt.ts), the engine answers, and the new masks are paired with the objects by IoU with the loss
// checks (track-matching.ts). Objects kept get their new mask; the others are lost, with why.
import type { Box, Point, Rle } from '../domain';
import { promptFromMask } from './mask-prompt';
import { DEFAULT_LOSS_CHECKS, matchTracks, type Candidate, type LossChecks } from './track-matching';

export interface LiveObject<K> {
  id: K;
  rle: Rle;
}

export type StepOutcome<K> =
  { id: K; kept: true; rle: Rle; score: number } | { id: K; kept: false; reason: string };

/** The engine's best mask for a box + point prompt on the frame, or null when it has none. */
export type SegmentFrame = (prompt: { box: Box; point: Point }) => Promise<Candidate | null>;

export async function propagationStep<K>(
  objects: readonly LiveObject<K>[],
  segment: SegmentFrame,
  checks: LossChecks = DEFAULT_LOSS_CHECKS,
): Promise<StepOutcome<K>[]> {
  const candidates: Candidate[] = [];
  for (const o of objects) {
    const prompt = promptFromMask(o.rle);
    const answer = prompt && (await segment(prompt));
    if (answer) candidates.push(answer);
  }
  const steps = matchTracks(
    objects.map((o) => o.rle),
    candidates,
    checks,
  );
  return steps.map((step, i) => {
    const { id } = objects[i]!;
    if (!step.kept) return { id, kept: false, reason: step.reason };
    const c = candidates[step.candidate]!;
    return { id, kept: true, rle: c.rle, score: c.score };
  });
}
