// One ground-truth object tried with one engine and one strategy: the prompt the strategy gives, the engine's
// answer (its top-scored candidate, or the best of its candidates by IoU when the experiment asks for the
// oracle), and that answer's IoU, precision, recall and boundary F; for 'clicks' the whole corrective-click
// protocol. Engine errors that a retry may cure (an endpoint down) go up to the job; one the prompt caused (an
// engine that takes no points) is this object's problem.
import type { EvalSpec, EvalStrategy } from '../../shared/api/eval';
import type { Box, Rle } from '../../shared/domain';
import { toErrorInfo } from '../../shared/errors';
import { filledBoxMask, inscribedEllipseMask } from '../../shared/eval/baselines';
import { boundaryScore, defaultBoundaryTolerance } from '../../shared/eval/boundary';
import { runClickProtocol } from '../../shared/eval/click-protocol';
import { maskScore } from '../../shared/eval/mask-metrics';
import { promptFor, type EvalPrompt } from '../../shared/eval/prompt-strategies';
import { cropMask, maskToRle, rleIou, rleToBox, rleToMask, type BinaryMask } from '../../shared/geometry';
import type { EngineImage, MaskCandidate, PreviousMask, Segmenter } from '../inference/segmenter';

export interface ObjectTruth {
  id: number;
  rle: Rle;
  mask: BinaryMask;
  box: Box;
}

export interface ObjectScore {
  iou: number;
  precision: number;
  recall: number;
  boundaryF: number;
  score: number | null;
  shapeGuess: boolean;
  prediction: Rle;
  clickIous: number[] | null;
  noc85: number | null;
  noc90: number | null;
}

/** Codes of errors a retry of the image may cure: the job retries them; any other is the object's problem. */
const RETRIED = new Set(['endpoint_unavailable', 'cancelled']);

/**
 * Boundary F on the union box grown by more than the tolerance: the same score as on the whole image (no mask
 * reaches the crop's edge unless it is the image's), far fewer pixels.
 */
function boundaryF(prediction: BinaryMask, truth: ObjectTruth, predictionBox: Box | null): number {
  const tolerance = defaultBoundaryTolerance(truth.mask.width, truth.mask.height);
  const margin = tolerance + 2;
  const b = predictionBox ?? truth.box;
  const union: Box = [
    Math.min(b[0], truth.box[0]) - margin,
    Math.min(b[1], truth.box[1]) - margin,
    Math.max(b[2], truth.box[2]) + margin,
    Math.max(b[3], truth.box[3]) + margin,
  ];
  return boundaryScore(cropMask(prediction, union), cropMask(truth.mask, union), tolerance).f;
}

function scoreOf(
  prediction: Rle,
  truth: ObjectTruth,
  extra: Pick<ObjectScore, 'score' | 'shapeGuess' | 'clickIous' | 'noc85' | 'noc90'>,
): ObjectScore {
  const { iou, precision, recall } = maskScore(prediction, truth.rle);
  const box = rleToBox(prediction);
  const drawn = box[2] > box[0] ? box : null;
  return {
    iou,
    precision,
    recall,
    boundaryF: boundaryF(rleToMask(prediction), truth, drawn),
    prediction,
    ...extra,
  };
}

const NO_CLICKS = { clickIous: null, noc85: null, noc90: null };

/** A baseline needs no engine: the object's true box filled, or the ellipse inscribed in it. */
export function scoreBaseline(strategy: 'filled-box' | 'ellipse', truth: ObjectTruth): ObjectScore {
  const { width, height } = truth.mask;
  const shape =
    strategy === 'filled-box'
      ? filledBoxMask(truth.box, width, height)
      : inscribedEllipseMask(truth.box, width, height);
  return scoreOf(maskToRle(shape), truth, { score: null, shapeGuess: true, ...NO_CLICKS });
}

interface EngineCall {
  segmenter: Segmenter;
  image: EngineImage;
  spec: EvalSpec;
  signal: AbortSignal;
}

async function answer(
  { segmenter, image, spec, signal }: EngineCall,
  prompt: EvalPrompt,
  truth: ObjectTruth,
  previous: PreviousMask | null,
): Promise<{ candidate: MaskCandidate; next: PreviousMask | null }> {
  const result = await segmenter.segment(
    image,
    { points: prompt.points, box: prompt.box ?? null, previous },
    { multimask: spec.multimask === 'best', signal },
  );
  if (result.candidates.length === 0) throw new Error('the engine gave no candidate');
  let at = 0;
  if (spec.multimask === 'best') {
    const ious = result.candidates.map((c) => rleIou(c.rle, truth.rle));
    at = ious.indexOf(Math.max(...ious));
  }
  return { candidate: result.candidates[at]!, next: result.next[at] ?? null };
}

/** The object's score, or the problem that kept it from one (an error a retry may cure is thrown). */
export async function scoreWithEngine(
  call: EngineCall,
  strategy: Exclude<EvalStrategy, 'filled-box' | 'ellipse'>,
  truth: ObjectTruth,
): Promise<ObjectScore | { problem: string }> {
  try {
    if (strategy === 'clicks') return await clicks(call, truth);
    // Each object its own reproducible draw: the experiment's seed and the object's id.
    const seed = call.spec.seed * 1_000_003 + truth.id;
    const prompt = promptFor(truth.mask, strategy, { seed, k: call.spec.k, jitter: call.spec.jitter });
    if (!prompt) return { problem: 'truth mask is empty' };
    const { candidate } = await answer(call, prompt, truth, null);
    return scoreOf(candidate.rle, truth, {
      score: candidate.score,
      shapeGuess: candidate.shapeGuess ?? false,
      ...NO_CLICKS,
    });
  } catch (err) {
    const e = toErrorInfo(err);
    if (RETRIED.has(e.code) || call.signal.aborted) throw err;
    return { problem: `${call.segmenter.engine} cannot take the ${strategy} prompt: ${e.message}` };
  }
}

async function clicks(call: EngineCall, truth: ObjectTruth): Promise<ObjectScore | { problem: string }> {
  let previous: PreviousMask | null = null;
  let last: MaskCandidate | null = null;
  const run = await runClickProtocol(
    truth.mask,
    async (prompt) => {
      const { candidate, next } = await answer(call, prompt, truth, previous);
      previous = next;
      last = candidate;
      return rleToMask(candidate.rle);
    },
    { maxClicks: call.spec.maxClicks },
  );
  if (!run || !last) return { problem: 'truth mask is empty' };
  const final: MaskCandidate = last;
  return scoreOf(final.rle, truth, {
    score: final.score,
    shapeGuess: final.shapeGuess ?? false,
    clickIous: run.ious,
    noc85: run.noc['0.85'] ?? null,
    noc90: run.noc['0.9'] ?? null,
  });
}
