// Runs one chain on one image: each step in order over the injected engines, recording what it produced, how
// long it took and which model answered. Model time is measured around each engine call so the runner's own
// overhead (everything else) can be told apart from it.
import { plural } from '../../shared/counts';
import type { Chain, Step } from '../../shared/chains/schema';
import {
  boxesToPoints,
  boxesToPrompts,
  capRegions,
  dedupeRegions,
  filterRegions,
  mapLabels,
  type Region,
} from '../../shared/chains/regions';
import type { ImageRun, StepRecord } from '../../shared/chains/runs';
import { canonicalClasses } from '../../shared/chains/validate';
import { StudioError } from '../../shared/errors';
import type { ChainEngines, Detector, EngineImage, Segmenter } from '../inference/segmenter';

export interface RunOptions {
  signal?: AbortSignal;
  /** Milliseconds, monotonic. */
  clock?: () => number;
}

const pick = <T extends { modelId: string }>(engines: readonly T[], model: string, fits: (e: T) => boolean) =>
  engines.find((e) => fits(e) && (model === 'auto' || e.modelId === model));

export function requireDetector(
  engines: ChainEngines,
  step: Step & { model: string },
  open: boolean,
): Detector {
  const found = pick(engines.detectors, step.model, (d) => (d.classes === null) === open);
  if (found) return found;
  const kind = open ? 'grounded (free text)' : 'class';
  const what = step.model === 'auto' ? `a ${kind} detector` : `the ${kind} detector '${step.model}'`;
  throw new StudioError('model_missing', `The chain's ${step.op} step needs ${what}, and none is available.`);
}

export function requireSegmenter(engines: ChainEngines, model: string): Segmenter {
  const found = pick(engines.segmenters, model, () => true);
  if (found) return found;
  const what = model === 'auto' ? 'a segmenter' : `the segmenter '${model}'`;
  throw new StudioError('model_missing', `The chain's segment step needs ${what}, and none is available.`);
}

export async function runChainOnImage(
  chain: Chain,
  image: EngineImage,
  engines: ChainEngines,
  { signal, clock = () => performance.now() }: RunOptions = {},
): Promise<ImageRun> {
  const started = clock();
  const steps: StepRecord[] = [];
  let regions: Region[] = [];
  let totalModelMs = 0;

  for (const step of chain.steps) {
    if (signal?.aborted) throw new StudioError('cancelled', 'The chain run was cancelled.');
    const stepStart = clock();
    let modelMs = 0;
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const t = clock();
      try {
        return await call();
      } finally {
        modelMs += clock() - t;
      }
    };
    const inCount = regions.length;
    const record: Omit<StepRecord, 'outCount' | 'ms' | 'modelMs' | 'regions'> = { op: step.op, inCount };
    const notes: string[] = [];

    switch (step.op) {
      case 'detect-class':
      case 'detect-text': {
        const open = step.op === 'detect-text';
        const detector = requireDetector(engines, step, open);
        const options = open
          ? { text: step.text, scoreThreshold: step.minScore, signal }
          : {
              classes: canonicalClasses(step.classes, detector.classes ?? []),
              scoreThreshold: step.minScore,
              signal,
            };
        const found = await timed(() => detector.detect(image, options));
        record.modelId = detector.modelId;
        record.engine = detector.engine;
        // A detector may ignore the threshold it was given: the step's minimum holds either way.
        const kept = found.filter((d) => d.score >= step.minScore);
        regions = [...regions, ...kept.map((d) => ({ label: d.label, score: d.score, box: d.box }))];
        if (kept.length === 0) notes.push('nothing found');
        break;
      }
      case 'boxes-to-points':
        regions = boxesToPoints(regions);
        break;
      case 'boxes-to-prompts':
        regions = boxesToPrompts(regions);
        break;
      case 'filter':
        regions = filterRegions(regions, step);
        break;
      case 'dedupe':
        regions = dedupeRegions(regions, step);
        break;
      case 'map-labels':
        regions = mapLabels(regions, step);
        break;
      case 'segment': {
        const segmenter = requireSegmenter(engines, step.model);
        record.modelId = segmenter.modelId;
        record.engine = segmenter.engine;
        if (regions.length > 0) await timed(() => segmenter.prepare(image, signal));
        const out: Region[] = [];
        let empty = 0;
        for (const region of regions) {
          if (signal?.aborted) throw new StudioError('cancelled', 'The chain run was cancelled.');
          const prompt = region.prompt;
          const result = await timed(() =>
            segmenter.segment(
              image,
              {
                points: prompt && 'point' in prompt ? [{ point: prompt.point, positive: true }] : [],
                box: prompt && 'box' in prompt ? prompt.box : null,
                previous: null,
              },
              { multimask: false, signal },
            ),
          );
          const best = result.candidates[0];
          if (!best || best.area === 0) {
            empty++;
            continue;
          }
          out.push({
            ...region,
            score: best.score,
            detectScore: region.score,
            box: best.box,
            rle: best.rle,
            area: best.area,
          });
        }
        if (empty > 0) notes.push(`${plural(empty, 'prompt')} gave an empty mask and were dropped`);
        regions = out;
        break;
      }
    }

    const capped = capRegions(regions, chain.maxRegions);
    if (capped.dropped > 0) {
      notes.push(
        `${plural(regions.length, 'region')}: kept the best ${plural(chain.maxRegions, 'region')} (the chain's maxRegions), dropped ${capped.dropped.toLocaleString('en')}`,
      );
      regions = capped.regions;
    }
    const ms = clock() - stepStart;
    totalModelMs += modelMs;
    steps.push({
      ...record,
      outCount: regions.length,
      ms,
      modelMs,
      ...(notes.length ? { message: notes.join('; ') } : {}),
      regions,
    });
  }
  return { steps, regions, ms: clock() - started, modelMs: totalModelMs };
}
