// Builders of undoable edits: each looks at the editor state and returns the Command to execute, or the reason
// it is refused (shown to the user; nothing changes). Pure: the store runs, saves and undoes them.
import type {
  Annotation,
  AnnotationKind,
  Box,
  Geometry,
  Point,
  PromptInput,
  ReviewState,
  Rle,
} from '../../../shared/domain';
import { geometryArea } from '../../../shared/annotation-geometry';
import {
  createMask,
  type BinaryMask,
  cropMask,
  maskToRle,
  pasteMask,
  rleArea,
  rleToBox,
  rleToMask,
} from '../../../shared/geometry';
import { paintStroke } from './brush';
import {
  activeCandidate,
  isLocked,
  isVisible,
  EMPTY_PROMPT,
  samePrompt,
  type AnnotationChange,
  type Command,
  type EditorState,
  type StrokeTarget,
} from './editor-state';
import { checkMask } from './shapes';

export type Edit = { ok: true; command: Command } | { ok: false; reason: string };

const refuse = (reason: string): Edit => ({ ok: false, reason });
const edit = (label: string, changes: AnnotationChange[], prompt?: Command['prompt']): Edit => ({
  ok: true,
  command: { label, changes, ...(prompt ? { prompt } : {}) },
});

/** Unsaved annotations get negative ids, below every id in use, until the store gives them real ones. */
export function nextTempId(state: EditorState): number {
  return Math.min(state.lowestTempId, ...state.annotations.map((a) => a.id)) - 1;
}

/** The fields of an annotation drawn by hand, before the store gives it its real id and times. */
export const HAND_DRAWN = {
  source: 'manual',
  modelId: null,
  promptId: null,
  score: null,
  reviewState: 'accepted',
  locked: false,
  hidden: false,
  jobId: null,
  modelPrompt: null,
  createdAt: '',
  updatedAt: '',
} as const satisfies Partial<Annotation>;

function draft(
  state: EditorState,
  geometry: Geometry,
  rle: Rle | null,
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id: nextTempId(state),
    imageId: state.imageId,
    labelId: state.labelId,
    kind: geometry.kind as AnnotationKind,
    geometry,
    rle,
    area: geometryArea(geometry, rle),
    ...HAND_DRAWN,
    ...extra,
  };
}

/** A new box, polygon or mask drawn by hand, with the active label. Geometry must be checked by the caller. */
export function addShape(state: EditorState, geometry: Geometry, rle: Rle | null = null): Edit {
  const a = draft(state, geometry, rle);
  return edit(`Add ${a.kind}`, [{ id: a.id, before: null, after: a }]);
}

function lockedRefusal(state: EditorState, ids: readonly number[]): Edit | null {
  return ids.some((id) => isLocked(state, id))
    ? refuse('The annotation is locked (by itself or by its label): unlock it in the panel to edit it.')
    : null;
}

/** A model's proposal touched by hand is no longer the model's word. */
const reviewAfterEdit = (a: Annotation): ReviewState =>
  a.reviewState === 'proposed' || a.source === 'model' ? 'edited' : a.reviewState;

export function updateShape(
  state: EditorState,
  id: number,
  geometry: Geometry,
  rle: Rle | null = null,
): Edit {
  const before = state.annotations.find((a) => a.id === id);
  if (!before) return refuse('That annotation is gone.');
  const locked = lockedRefusal(state, [id]);
  if (locked) return locked;
  const after: Annotation = {
    ...before,
    geometry,
    rle,
    kind: geometry.kind,
    area: geometryArea(geometry, rle),
    reviewState: reviewAfterEdit(before),
  };
  return edit(`Edit ${before.kind}`, [{ id, before, after }]);
}

export function deleteAnnotations(state: EditorState, ids: readonly number[]): Edit {
  const targets = state.annotations.filter((a) => ids.includes(a.id));
  if (targets.length === 0) return refuse('Select an annotation to delete first.');
  const locked = lockedRefusal(state, ids);
  if (locked) return locked;
  // Each index is where the annotation stands once the ones before it are gone: undo re-inserts in reverse.
  return edit(
    targets.length === 1 ? `Delete ${targets[0]!.kind}` : `Delete ${targets.length} annotations`,
    targets.map((a, k) => ({ id: a.id, before: a, after: null, index: state.annotations.indexOf(a) - k })),
  );
}

export function relabel(state: EditorState, ids: readonly number[], labelId: number | null): Edit {
  const targets = state.annotations.filter((a) => ids.includes(a.id) && a.labelId !== labelId);
  if (targets.length === 0) return refuse('Nothing to relabel.');
  const locked = lockedRefusal(state, ids);
  if (locked) return locked;
  return edit(
    'Change label',
    targets.map((a) => ({ id: a.id, before: a, after: { ...a, labelId } })),
  );
}

/** Accepting or rejecting proposals (model output waiting for review). */
export function review(state: EditorState, ids: readonly number[], reviewState: ReviewState): Edit {
  const targets = state.annotations.filter((a) => ids.includes(a.id) && a.reviewState !== reviewState);
  if (targets.length === 0) return refuse('Nothing to review in the selection.');
  return edit(
    reviewState === 'accepted' ? 'Accept proposal' : 'Reject proposal',
    targets.map((a) => ({ id: a.id, before: a, after: { ...a, reviewState } })),
  );
}

export type Flag = 'locked' | 'hidden';

/**
 * Locks or hides the annotations, or unlocks/shows them when all already are: an undoable edit saved with them,
 * so a reload keeps it. Allowed on locked annotations (unlocking is how they are edited again); the review state
 * stays as it is, since neither changes what the annotation says.
 */
export function toggleFlag(state: EditorState, ids: readonly number[], flag: Flag): Edit {
  const targets = state.annotations.filter((a) => ids.includes(a.id));
  if (targets.length === 0)
    return refuse(`Select an annotation to ${flag === 'locked' ? 'lock' : 'hide'} first.`);
  const value = !targets.every((a) => a[flag]);
  const verb = { locked: value ? 'Lock' : 'Unlock', hidden: value ? 'Hide' : 'Show' }[flag];
  const changed = targets.filter((a) => a[flag] !== value);
  return edit(
    changed.length === 1 ? `${verb} ${changed[0]!.kind}` : `${verb} ${changed.length} annotations`,
    changed.map((a) => ({ id: a.id, before: a, after: { ...a, [flag]: value } })),
  );
}

export function editPrompt(state: EditorState, prompt: PromptInput, label = 'Edit prompt'): Edit {
  if (samePrompt(state.prompt, prompt)) return refuse('The prompt is unchanged.');
  return edit(label, [], { before: state.prompt, after: prompt });
}

/** The active candidate becomes an accepted mask with the active label; the prompt it came from is done. */
export function acceptCandidate(state: EditorState): Edit {
  const candidate = activeCandidate(state);
  if (!candidate) return refuse('No model mask to accept: place a prompt first.');
  const checked = checkMask(candidate.rle, state.width, state.height);
  if (!checked.ok) return refuse(checked.reason);
  const a = draft(state, { kind: 'mask', box: checked.value }, candidate.rle, {
    source: 'model',
    modelId: candidate.modelId,
    score: candidate.score,
  });
  return edit('Accept mask', [{ id: a.id, before: null, after: a }], {
    before: state.prompt,
    after: EMPTY_PROMPT,
  });
}

export interface Stroke {
  points: Point[];
  /** Brush diameter in image pixels. */
  size: number;
  erase: boolean;
  /** Where it goes: a mask's id, 'new' (the brush with Shift), or null: chosen as `strokeTarget` says. */
  into?: StrokeTarget;
}

/** Whether any pixel of the mask `a` lies under the stroke's footprint. */
function touches(a: Annotation, footprint: BinaryMask, footprintBox: Box, state: EditorState): boolean {
  const g = a.geometry;
  if (g.kind !== 'mask' || !a.rle) return false;
  const [x1, y1] = [Math.max(g.box[0], footprintBox[0]), Math.max(g.box[1], footprintBox[1])];
  const [x2, y2] = [Math.min(g.box[2], footprintBox[2]), Math.min(g.box[3], footprintBox[3])];
  if (x1 >= x2 || y1 >= y2) return false;
  const mask = rleToMask(a.rle, { expectedSize: [state.height, state.width] });
  for (let y = y1; y < y2; y++)
    for (let x = x1; x < x2; x++)
      if (mask.data[y * mask.width + x] && footprint.data[y * mask.width + x]) return true;
  return false;
}

/**
 * The mask a stroke paints into or erases from, as in CVAT: the one it names, else the selected mask, else the
 * topmost visible, unlocked mask under the stroke (for the brush: of the active label, since another label means
 * another object); null: the brush starts a new mask.
 */
export function strokeTarget(state: EditorState, stroke: Stroke): Annotation | null {
  if (stroke.into === 'new') return null;
  if (typeof stroke.into === 'number') return state.annotations.find((a) => a.id === stroke.into) ?? null;
  const selected = state.annotations.filter((a) => state.selection.includes(a.id));
  if (selected.length === 1 && selected[0]!.kind === 'mask') return selected[0]!;
  const footprint = paintStroke(createMask(state.width, state.height), stroke.points, stroke.size, 1);
  const footprintBox = rleToBox(maskToRle(footprint));
  const under = state.annotations.filter(
    (a) =>
      a.kind === 'mask' &&
      isVisible(state, a) &&
      !isLocked(state, a.id) &&
      (stroke.erase || a.labelId === state.labelId),
  );
  return under.findLast((a) => touches(a, footprint, footprintBox, state)) ?? null;
}

/**
 * A brush stroke paints into its target mask (`strokeTarget`) or starts a new one; the eraser takes pixels away
 * from its target, and a mask erased to nothing is deleted.
 */
export function brushStroke(state: EditorState, stroke: Stroke): Edit {
  if (stroke.points.length === 0) return refuse('The stroke is empty.');
  const target = strokeTarget(state, stroke);
  if (!target && stroke.erase) return refuse('Select a mask to erase from, or erase over one.');
  if (target) {
    if (target.kind !== 'mask') return refuse('The brush paints masks: select a mask (or none).');
    const locked = lockedRefusal(state, [target.id]);
    if (locked) return locked;
  }
  const mask = target?.rle
    ? rleToMask(target.rle, { expectedSize: [state.height, state.width] })
    : createMask(state.width, state.height);
  paintStroke(mask, stroke.points, stroke.size, stroke.erase ? 0 : 1);
  const rle = maskToRle(mask);
  const area = rleArea(rle);
  if (!target) {
    if (area === 0) return refuse('The stroke lies outside the image.');
    return addShape(state, { kind: 'mask', box: rleToBox(rle) }, rle);
  }
  if (area === 0) return deleteAnnotations(state, [target.id]);
  if (rle.counts === target.rle?.counts) return refuse('The stroke changed no pixel of the mask.');
  const update = updateShape(state, target.id, { kind: 'mask', box: rleToBox(rle) }, rle);
  if (update.ok) update.command.label = stroke.erase ? 'Erase mask' : 'Paint mask';
  return update;
}

/** How far a shape may move by (dx, dy) and stay inside the image: the delta, held back at the edges. */
function clampDelta(box: [number, number, number, number], dx: number, dy: number, w: number, h: number) {
  return [Math.min(w - box[2], Math.max(-box[0], dx)), Math.min(h - box[3], Math.max(-box[1], dy))] as const;
}

/** Moves an annotation by whole pixels for masks, exactly for the rest; it stays inside the image. */
export function translate(state: EditorState, id: number, dx: number, dy: number): Edit {
  const a = state.annotations.find((x) => x.id === id);
  if (!a) return refuse('That annotation is gone.');
  const { width: w, height: h } = state;
  const g = a.geometry;
  switch (g.kind) {
    case 'point': {
      const [x, y] = g.point;
      const p: Point = [Math.min(w, Math.max(0, x + dx)), Math.min(h, Math.max(0, y + dy))];
      return updateShape(state, id, { ...g, point: p });
    }
    case 'box': {
      const [mx, my] = clampDelta(g.box, dx, dy, w, h);
      const [x1, y1, x2, y2] = g.box;
      return updateShape(state, id, { kind: 'box', box: [x1 + mx, y1 + my, x2 + mx, y2 + my] });
    }
    case 'polygon': {
      const all = g.rings.flat();
      const xs = all.map((p) => p[0]);
      const ys = all.map((p) => p[1]);
      const [mx, my] = clampDelta(
        [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
        dx,
        dy,
        w,
        h,
      );
      const rings = g.rings.map((r) => r.map(([x, y]) => [x + mx, y + my] as Point));
      return updateShape(state, id, { kind: 'polygon', rings });
    }
    case 'mask': {
      if (!a.rle) return refuse('The mask has no pixels.');
      const [mx, my] = clampDelta(g.box, Math.round(dx), Math.round(dy), w, h).map(Math.round) as [
        number,
        number,
      ];
      if (mx === 0 && my === 0) return refuse('The mask is already at the edge of the image.');
      const crop = cropMask(rleToMask(a.rle), g.box);
      const moved = pasteMask(createMask(w, h), crop, g.box[0] + mx, g.box[1] + my);
      const rle = maskToRle(moved);
      return updateShape(state, id, { kind: 'mask', box: rleToBox(rle) }, rle);
    }
  }
}
