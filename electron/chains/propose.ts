// A chain run's results as model proposals in the project: each region of each finished image becomes an
// annotation in review state 'proposed' (a mask when segmented, else a box), labelled with the project label of
// the same name, so a chain run over a folder fills the review queue. A region that repeats an annotation already
// on its image (same label, overlapping by IoU) is left out and counted: proposing the same run again adds nothing.
import type { ProposeReport } from '../../shared/api/chains';
import type { Region } from '../../shared/chains/regions';
import type { ChainRunImage } from '../../shared/chains/runs';
import type { ImageRecord } from '../../shared/domain';
import { shapeKey, withoutDuplicates } from '../../shared/duplicates';
import { clipBox } from '../../shared/geometry';
import type { ProjectStore } from '../store/project-store';
import type { NewAnnotation } from '../store/types';

const score = (s: number) => Math.min(1, Math.max(0, s));

/** The model a region came from: the last step of its image that named one (segmenter, else detector). */
const modelOf = (image: ChainRunImage) => image.steps.findLast((s) => s.modelId)?.modelId ?? null;

/** A region as a proposal on its image: a mask when segmented, else its box, labelled by the project label. */
function regionProposal(
  region: Region,
  image: ImageRecord,
  labels: ReadonlyMap<string, number>,
  modelId: string | null,
): NewAnnotation {
  const box = clipBox(region.box, image.width, image.height);
  return {
    imageId: image.id,
    labelId: labels.get(region.label.toLowerCase()) ?? null,
    ...(region.rle
      ? { kind: 'mask', geometry: { kind: 'mask', box }, rle: region.rle }
      : { kind: 'box', geometry: { kind: 'box', box }, rle: null }),
    source: 'model',
    modelId,
    promptId: null,
    score: score(region.score),
    reviewState: 'proposed',
  };
}

const labelIds = (store: ProjectStore) =>
  new Map(store.listLabels().map((l) => [l.name.toLowerCase(), l.id]));

/**
 * The proposals that repeat no annotation already on the image (shared/duplicates.ts: same label, IoU), and how
 * many were left out. A rejected proposal counts as there: the reviewer has already said no to it.
 */
export function newOnImage(
  store: ProjectStore,
  imageId: number,
  proposals: readonly NewAnnotation[],
): { fresh: NewAnnotation[]; skipped: number } {
  if (proposals.length === 0) return { fresh: [], skipped: 0 };
  return withoutDuplicates(proposals, shapeKey, store.listAnnotations(imageId).map(shapeKey));
}

/** The regions of one image as proposals (a batch job's result for it). */
export function regionProposals(
  store: ProjectStore,
  image: ImageRecord,
  regions: readonly Region[],
  modelId: string | null,
): NewAnnotation[] {
  const labels = labelIds(store);
  return regions.map((r) => regionProposal(r, image, labels, modelId));
}

export function proposeRun(store: ProjectStore, runId: number, imageIds?: readonly number[]): ProposeReport {
  const images = store.readChains((c) => c.runImages(runId, imageIds)).filter((i) => i.status === 'done');
  const labels = labelIds(store);
  const items: NewAnnotation[] = [];
  let unlabelled = 0;
  let alreadyThere = 0;
  const touched = new Set<number>();
  for (const image of images) {
    const record = store.getImage(image.imageId);
    const proposals = image.regions.map((r) => regionProposal(r, record, labels, modelOf(image)));
    const { fresh, skipped } = newOnImage(store, image.imageId, proposals);
    alreadyThere += skipped;
    for (const proposal of fresh) {
      if (proposal.labelId === null) unlabelled++;
      touched.add(image.imageId);
      items.push(proposal);
    }
  }
  // One transaction for the whole run: a refused region leaves the project as it was.
  if (items.length) store.insertAnnotations(items);
  return { proposed: items.length, images: touched.size, unlabelled, alreadyThere };
}
