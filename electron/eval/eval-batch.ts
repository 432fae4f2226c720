// The 'eval' batch job kind: an experiment. Each image's ground-truth objects are tried with every engine and
// strategy of the spec (and the baselines, which need no engine), and the scores are written in the transaction
// that marks the image done (schema v9), so an experiment has the jobs' progress, pause, resume and kill -9
// guarantees. Images without truth, truth without a mask, an engine that cannot take a prompt: rows that name the
// problem, counted on the results screen, never a crash.
import { access } from 'node:fs/promises';
import {
  BASELINE_ENGINE,
  BASELINE_STRATEGIES,
  evalSpecSchema,
  type EvalSpec,
  type EvalStrategy,
} from '../../shared/api/eval';
import { describeIssues } from '../../shared/api/kit';
import type { Annotation, ImageRecord } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { sizeBucket } from '../../shared/eval/size-buckets';
import { truthMask } from '../../shared/eval/truth';
import { rleToBox, rleToMask } from '../../shared/geometry';
import type { ChainEnginesLease } from '../engines/chain-engines';
import { CLASSICAL_ENGINE, CLASSICAL_MODEL_ID, createClassicalSegmenter } from '../inference/classical';
import type { Segmenter } from '../inference/segmenter';
import type { BatchKind, BatchWork } from '../jobs/batch-kind';
import type { NewEvalResult } from '../store/eval-repo';
import type { ProjectStore } from '../store/project-store';
import { scoreBaseline, scoreWithEngine, type ObjectScore, type ObjectTruth } from './score-object';

const isBaseline = (s: EvalStrategy): s is 'filled-box' | 'ellipse' => BASELINE_STRATEGIES.includes(s);
const isEndpoint = (engine: string) => engine.startsWith('sagemaker');

/** The annotations an experiment takes as the truth. */
const isTruth = (spec: EvalSpec) => (a: Annotation) =>
  a.source === 'import' || (spec.truth === 'import+manual' && a.source === 'manual');

function parseSpec(raw: unknown): EvalSpec {
  const parsed = evalSpecSchema.safeParse(raw ?? {});
  if (!parsed.success)
    throw new StudioError(
      'invalid_input',
      describeIssues('The experiment', parsed.error),
      parsed.error.issues,
    );
  return parsed.data;
}

/**
 * What an experiment may use: the studio's segmenters (as chains see them) and the classical engine, which is
 * always there to compare with even when SAM answers the clicks (then the experiment starts one of its own).
 */
export function experimentSegmenters(
  leased: readonly Pick<Segmenter, 'engine' | 'modelId'>[],
): { engine: string; modelId: string }[] {
  const all = leased.map(({ engine, modelId }) => ({ engine, modelId }));
  if (!all.some((s) => s.engine === CLASSICAL_ENGINE))
    all.push({ engine: CLASSICAL_ENGINE, modelId: CLASSICAL_MODEL_ID });
  return all;
}

/** The spec's engines by name; an empty list means the studio's local segmenter. */
function pickSegmenters<S extends Pick<Segmenter, 'engine' | 'modelId'>>(
  spec: EvalSpec,
  available: readonly S[],
): S[] {
  if (!spec.strategies.some((s) => !isBaseline(s))) return [];
  if (spec.engines.length === 0) {
    const first = available[0];
    if (!first)
      throw new StudioError('model_missing', 'The experiment needs a segmenter, and none is available.');
    return [first];
  }
  return spec.engines.map((name) => {
    const found = available.find((s) => s.engine === name || s.modelId === name);
    if (!found)
      throw new StudioError(
        'model_missing',
        `The experiment names the engine '${name}', which is not available (available: ${
          available.map((s) => s.engine).join(', ') || 'none'
        }).`,
      );
    return found;
  });
}

const describe = (spec: EvalSpec, engines: readonly string[]) =>
  `eval: ${spec.strategies.join(', ')}${engines.length ? ` on ${engines.join(', ')}` : ''}`;

export function evalBatchKind(
  engines: () => Promise<ChainEnginesLease>,
  newClassical: () => Segmenter = () => createClassicalSegmenter(),
): BatchKind {
  return {
    kind: 'eval',
    async prepare(_store, input) {
      const spec = parseSpec(input.spec);
      const lease = await engines();
      try {
        // The engines are named in the spec kept with the job: a later change of models does not change it.
        const names = pickSegmenters(spec, experimentSegmenters(lease.engines.segmenters)).map(
          (s) => s.engine,
        );
        const kept: EvalSpec = { ...spec, engines: names };
        return { spec: kept, name: describe(kept, names) };
      } finally {
        lease.release();
      }
    },
    async open(store: ProjectStore, raw: unknown): Promise<BatchWork> {
      const spec = parseSpec(raw);
      const lease = await engines();
      let own: Segmenter | null = null;
      const letGo = () => {
        lease.release();
        void own?.dispose();
      };
      try {
        const leased = lease.engines.segmenters;
        const wanted = pickSegmenters(spec, experimentSegmenters(leased));
        const segmenters = wanted.map(
          (w) =>
            leased.find((s) => s.engine === w.engine && s.modelId === w.modelId) ?? (own ??= newClassical()),
        );
        return {
          provider: segmenters.some((s) => isEndpoint(s.engine)) ? 'endpoint' : 'local',
          async process(imageId, signal) {
            const rows = await scoreImage(store, store.getImage(imageId), spec, segmenters, signal);
            return {
              proposals: [],
              // Runs only when the item turns done, which it does once: the rows are never written twice.
              write: (s, jobId) => s.writeEval((e) => e.insertMany(rows.map((r) => ({ ...r, jobId })))),
            };
          },
          close: letGo,
        };
      } catch (err) {
        letGo();
        throw err;
      }
    },
  };
}

type Row = Omit<NewEvalResult, 'jobId'>;

async function scoreImage(
  store: ProjectStore,
  image: ImageRecord,
  spec: EvalSpec,
  segmenters: readonly Segmenter[],
  signal: AbortSignal,
): Promise<Row[]> {
  // The project may not have noticed yet that the file went: the job skips the image and says why.
  if (
    image.missing ||
    !(await access(image.path).then(
      () => true,
      () => false,
    ))
  )
    throw new StudioError('not_found', `The image file ${image.path} is missing.`);
  const labels = new Map(store.listLabels().map((l) => [l.id, l.name]));
  const truths = store.listAnnotations(image.id).filter(isTruth(spec));
  const blank = (problem: string, truth: Annotation | null): Row => ({
    imageId: image.id,
    truthId: truth?.id ?? null,
    label: truth?.labelId ? (labels.get(truth.labelId) ?? null) : null,
    engine: '',
    modelId: null,
    strategy: spec.strategies[0]!,
    bucket: null,
    areaShare: null,
    iou: null,
    precision: null,
    recall: null,
    boundaryF: null,
    score: null,
    shapeGuess: false,
    clickIous: null,
    noc85: null,
    noc90: null,
    prediction: null,
    problem,
  });
  if (truths.length === 0) return [blank('image has no ground truth', null)];

  const rows: Row[] = [];
  const imageArea = image.width * image.height;
  for (const segmenter of segmenters) await segmenter.prepare(image, signal);
  for (const annotation of truths) {
    const found = truthMask(annotation, image.width, image.height);
    if ('problem' in found) {
      rows.push(blank(found.problem, annotation));
      continue;
    }
    const truth: ObjectTruth = {
      id: annotation.id,
      rle: found.rle,
      mask: rleToMask(found.rle),
      box: rleToBox(found.rle),
    };
    const base = {
      ...blank('', annotation),
      problem: null,
      bucket: sizeBucket(found.area, imageArea, spec.edges),
      areaShare: found.area / imageArea,
    };
    const row = (
      engine: string,
      modelId: string | null,
      strategy: EvalStrategy,
      s: ObjectScore | { problem: string },
    ): Row =>
      'problem' in s
        ? { ...base, engine, modelId, strategy, problem: s.problem }
        : {
            ...base,
            engine,
            modelId,
            strategy,
            iou: s.iou,
            precision: s.precision,
            recall: s.recall,
            boundaryF: s.boundaryF,
            score: s.score,
            shapeGuess: s.shapeGuess,
            clickIous: s.clickIous,
            noc85: s.noc85,
            noc90: s.noc90,
            prediction: s.prediction,
          };
    for (const strategy of spec.strategies) {
      if (signal.aborted) throw new StudioError('cancelled', 'Stopped.');
      if (isBaseline(strategy)) {
        rows.push(row(BASELINE_ENGINE, null, strategy, scoreBaseline(strategy, truth)));
        continue;
      }
      for (const segmenter of segmenters) {
        const s = await scoreWithEngine({ segmenter, image, spec, signal }, strategy, truth);
        rows.push(row(segmenter.engine, segmenter.modelId, strategy, s));
      }
    }
  }
  return rows;
}
