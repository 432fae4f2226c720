// Chain jobs against the truth: each job's proposals on the images it finished, scored with COCOeval's AP / AR
// (shared/eval/coco-eval.ts) overall, by the experiment's size buckets (areas as shares of the image) and by
// class (label names, exactly as the project keeps them). Two chains side by side are two of these.
import type { ChainScore } from '../../shared/api/eval';
import type { Annotation } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { cocoEvaluate, type EvalDetection, type EvalTruth } from '../../shared/eval/coco-eval';
import { bucketRanges, SEED_EDGES, type BucketEdges } from '../../shared/eval/size-buckets';
import { annotationRegion } from '../../shared/eval/truth';
import type { ProjectStore } from '../store/project-store';

const NO_LABEL = '(no label)';

export function scoreChainJob(
  store: ProjectStore,
  jobId: number,
  iouType: 'bbox' | 'segm',
  edges: BucketEdges = SEED_EDGES,
): ChainScore {
  const job = store.readBatch((b) => b.get(jobId));
  if (job.kind !== 'chain')
    throw new StudioError('invalid_input', `Job ${jobId} is an ${job.kind} job; only chain jobs are scored.`);
  const labels = new Map(store.listLabels().map((l) => [l.id, l.name]));
  const done = store.readBatch((b) => b.items(jobId, ['done'], 0, Number.MAX_SAFE_INTEGER)).items;
  const truths: EvalTruth[] = [];
  const detections: EvalDetection[] = [];
  for (const { imageId } of done) {
    const image = store.getImage(imageId);
    const imageArea = image.width * image.height;
    const object = (a: Annotation) => {
      const region = annotationRegion(a, image.width, image.height);
      if (!region) return null;
      const category = (a.labelId !== null && labels.get(a.labelId)) || NO_LABEL;
      return { imageId, category, box: region.box, rle: region.rle, area: region.area / imageArea };
    };
    for (const a of store.listAnnotations(imageId)) {
      if (a.source === 'import') {
        const o = object(a);
        if (o) truths.push(o);
      } else if (a.jobId === jobId) {
        const o = object(a);
        if (o) detections.push({ ...o, score: a.score ?? 0 });
      }
    }
  }
  const ranges = bucketRanges(edges);
  const result = cocoEvaluate(truths, detections, { iouType, areaRanges: ranges });
  const { arAt: _arAt, ...overall } = result.overall;
  return {
    jobId,
    name: job.name,
    iouType,
    images: done.length,
    truths: truths.length,
    detections: detections.length,
    overall,
    byBucket: {
      all: result.byArea.all!,
      small: result.byArea.small!,
      medium: result.byArea.medium!,
      large: result.byArea.large!,
    },
    byClass: Object.entries(result.byCategory)
      .filter(([label]) => label !== NO_LABEL)
      .map(([label, s]) => ({ label, ...s })),
  };
}
