// Chains against the truth: a chain run's regions (what the chain answered, as the chains screen keeps it) or a
// chain job's proposals, on the images it finished, scored with COCOeval's AP / AR (shared/eval/coco-eval.ts)
// overall, by the experiment's size buckets (areas as shares of the image) and by class (label names exactly as
// the project and the detector spell them). Two chains side by side are two of these. A job skips proposals that
// repeat an annotation already on the image (the imported truth included), so a run is the unbiased measure of a
// chain; a job's score says how much its proposals add.
import type { ChainScore } from '../../shared/api/eval';
import type { Annotation, ImageRecord } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { filledBoxRle } from '../../shared/eval/baselines';
import { cocoEvaluate, type EvalDetection, type EvalTruth } from '../../shared/eval/coco-eval';
import { bucketRanges, SEED_EDGES, type BucketEdges } from '../../shared/eval/size-buckets';
import { annotationRegion } from '../../shared/eval/truth';
import { rleArea } from '../../shared/geometry';
import type { ProjectStore } from '../store/project-store';

const NO_LABEL = '(no label)';

export type ChainSource = { jobId: number } | { runId: number };

interface Scored {
  name: string;
  /** Per finished image, its detections. */
  images: { image: ImageRecord; detections: Omit<EvalDetection, 'imageId'>[] }[];
}

function jobDetections(store: ProjectStore, jobId: number, label: (a: Annotation) => string): Scored {
  const job = store.readBatch((b) => b.get(jobId));
  if (job.kind !== 'chain')
    throw new StudioError('invalid_input', `Job ${jobId} is an ${job.kind} job; only chain jobs are scored.`);
  const done = store.readBatch((b) => b.items(jobId, ['done'], 0, Number.MAX_SAFE_INTEGER)).items;
  return {
    name: job.name,
    images: done.map(({ imageId }) => {
      const image = store.getImage(imageId);
      const detections = store
        .listAnnotations(imageId)
        .filter((a) => a.jobId === jobId)
        .flatMap((a) => {
          const region = annotationRegion(a, image.width, image.height);
          return region ? [{ category: label(a), ...region, score: a.score ?? 0 }] : [];
        });
      return { image, detections };
    }),
  };
}

function runDetections(store: ProjectStore, runId: number): Scored {
  const run = store.readChains((c) => c.getRun(runId));
  const images = store.readChains((c) => c.runImages(runId)).filter((i) => i.status === 'done');
  return {
    name: run.name,
    images: images.map((done) => {
      const image = store.getImage(done.imageId);
      const detections = done.regions.map((r) => {
        const rle = r.rle ?? filledBoxRle(r.box, image.width, image.height);
        return { category: r.label || NO_LABEL, box: r.box, rle, area: rleArea(rle), score: r.score };
      });
      return { image, detections };
    }),
  };
}

export function scoreChain(
  store: ProjectStore,
  source: ChainSource,
  iouType: 'bbox' | 'segm',
  { labels: only, edges = SEED_EDGES }: { labels?: readonly string[]; edges?: BucketEdges } = {},
): ChainScore {
  const names = new Map(store.listLabels().map((l) => [l.id, l.name]));
  const label = (a: Annotation) => (a.labelId !== null && names.get(a.labelId)) || NO_LABEL;
  const scored =
    'jobId' in source ? jobDetections(store, source.jobId, label) : runDetections(store, source.runId);
  const wanted = (category: string) => category !== NO_LABEL && (!only || only.includes(category));
  const truths: EvalTruth[] = [];
  const detections: EvalDetection[] = [];
  for (const { image, detections: found } of scored.images) {
    const imageArea = image.width * image.height;
    for (const a of store.listAnnotations(image.id)) {
      if (a.source !== 'import' || !wanted(label(a))) continue;
      const region = annotationRegion(a, image.width, image.height);
      if (region)
        truths.push({ imageId: image.id, category: label(a), ...region, area: region.area / imageArea });
    }
    for (const d of found)
      if (wanted(d.category)) detections.push({ ...d, imageId: image.id, area: d.area / imageArea });
  }
  const result = cocoEvaluate(truths, detections, { iouType, areaRanges: bucketRanges(edges) });
  const { arAt: _arAt, ...overall } = result.overall;
  return {
    jobId: 'jobId' in source ? source.jobId : null,
    runId: 'runId' in source ? source.runId : null,
    name: scored.name,
    iouType,
    images: scored.images.length,
    truths: truths.length,
    detections: detections.length,
    overall,
    byBucket: {
      all: result.byArea.all!,
      small: result.byArea.small!,
      medium: result.byArea.medium!,
      large: result.byArea.large!,
    },
    byClass: Object.entries(result.byCategory).map(([l, s]) => ({ label: l, ...s })),
  };
}
