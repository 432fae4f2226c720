// The detector's answers as proposals in the editor (boxes, or masks when a Grounded-SAM endpoint gives them):
// one undoable edit that the editor's saver writes in one transaction. An answer that repeats one already on
// the image (shared/duplicates.ts: same label, overlapping: pressing 'Detect cars' twice) is left out.
import type { DetectedBox } from '../../../shared/api/segment';
import type { Annotation, Label } from '../../../shared/domain';
import { shapeKey, withoutDuplicates } from '../../../shared/duplicates';
import { boxArea, rleArea } from '../../../shared/geometry';
import type { EditorState } from '../editor/editor-state';
import { nextTempId, type Edit } from '../editor/edits';

/** The buttons: what the user asks for, and the COCO classes it means. */
export const DETECT_TARGETS = [
  { id: 'cars', label: 'Cars', one: 'car', many: 'cars', classes: ['car'] },
  { id: 'people', label: 'People', one: 'person', many: 'people', classes: ['person'] },
  {
    id: 'traffic-lights',
    label: 'Traffic lights',
    one: 'traffic light',
    many: 'traffic lights',
    classes: ['traffic light'],
  },
] as const;
export type DetectTarget = (typeof DETECT_TARGETS)[number];

/**
 * The project's label of a detected name, as the store labels proposals: by name ignoring case ('car' ->
 * 'Car'), a text phrase by its last word ('silver car' -> 'car'), else none (left for review).
 */
export function labelFor(labels: readonly Label[], detected: string): number | null {
  const name = detected.trim().toLowerCase();
  const byName = (n: string) => labels.find((l) => l.name.trim().toLowerCase() === n)?.id;
  return byName(name) ?? byName(name.split(/\s+/).pop()!) ?? null;
}

export function proposeDetections(
  state: EditorState,
  detections: readonly DetectedBox[],
  labels: readonly Label[],
  modelId: string,
  what: string,
): Edit {
  if (detections.length === 0) return { ok: false, reason: `No ${what} found on this image.` };
  const there = state.annotations.filter((a) => a.reviewState !== 'rejected').map(shapeKey);
  const { fresh } = withoutDuplicates(
    detections,
    (d) => ({ labelId: labelFor(labels, d.label), box: d.box, rle: d.rle ?? null }),
    there,
  );
  if (fresh.length === 0) return { ok: false, reason: `The ${what} found are already on the image.` };
  const firstId = nextTempId(state);
  const proposals = fresh.map((d, k): Annotation => ({
    id: firstId - k,
    imageId: state.imageId,
    labelId: labelFor(labels, d.label),
    ...(d.rle
      ? { kind: 'mask' as const, geometry: { kind: 'mask', box: d.box }, rle: d.rle, area: rleArea(d.rle) }
      : { kind: 'box' as const, geometry: { kind: 'box', box: d.box }, rle: null, area: boxArea(d.box) }),
    source: 'model',
    modelId,
    promptId: null,
    score: d.score,
    reviewState: 'proposed',
    locked: false,
    hidden: false,
    jobId: null,
    modelPrompt: null,
    createdAt: '',
    updatedAt: '',
  }));
  return {
    ok: true,
    command: {
      label: `Detect ${what}`,
      changes: proposals.map((a) => ({ id: a.id, before: null, after: a })),
    },
  };
}
