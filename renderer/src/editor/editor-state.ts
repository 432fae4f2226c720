// The annotation editor of one image: what is on it, what is selected or hidden, the open prompt, the model's
// candidate masks and the undo history. Pure functions only; editor-store.ts runs them and saves what changed.
import type { Annotation, Point, PromptInput, PromptPoint, Rle } from '../../../shared/domain';
import type { ToolId } from './tools';
import type { Handle } from './tools/handles';

/** A mask the model offers for the open prompt; nothing is saved until one is accepted. */
export interface Candidate {
  rle: Rle;
  score: number;
  modelId: string;
  /** The engine guessed the shape from the prompt (shared/api/segment.ts): the panel says so. */
  shapeGuess?: boolean;
}

/** The candidates the model gave for one prompt. */
export interface Answer {
  prompt: PromptInput;
  items: Candidate[];
}

/** One annotation as it was before and after a change: null before = created, null after = deleted. */
export interface AnnotationChange {
  id: number;
  before: Annotation | null;
  after: Annotation | null;
  /** Where a deleted annotation stood, so undo puts it back in its place in the drawing order. */
  index?: number;
}

/** One undoable edit: the annotations it changed and, when it touched it, the open prompt. */
export interface Command {
  label: string;
  changes: AnnotationChange[];
  prompt?: { before: PromptInput; after: PromptInput };
}

/** The shape a tool is in the middle of drawing (a drag, an open polygon, a brush stroke). */
export type Draft =
  | { kind: 'box'; start: Point; end: Point; prompt: boolean }
  | { kind: 'polygon'; points: Point[]; hover: Point | null }
  | { kind: 'stroke'; points: Point[]; erase: boolean; into: StrokeTarget }
  | { kind: 'move'; id: number; start: Point; end: Point }
  | { kind: 'handle'; handle: Handle; start: Point; end: Point };

/** Which mask a brush stroke goes into: an annotation id, a new mask, or decided on release (the one under it). */
export type StrokeTarget = number | 'new' | null;

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export interface EditorState {
  imageId: number;
  width: number;
  height: number;
  /** Every annotation of the image, accepted and proposed, in drawing order. Unsaved ones have negative ids. */
  annotations: Annotation[];
  selection: number[];
  /**
   * Labels whose annotations are all locked (a finished class kept safe while others are drawn), and labels
   * hidden. View state of the project kept by the browser (editor-store), unlike an annotation's own
   * locked/hidden, which are saved with it.
   */
  lockedLabels: number[];
  hiddenLabels: number[];
  /** Fill opacity of masks and polygons, 0..1. */
  opacity: number;
  /** How masks and polygons are drawn (remembered by the browser, like the tool). */
  maskDisplay: MaskDisplay;
  tool: ToolId;
  labelId: number | null;
  brushSize: number;
  prompt: PromptInput;
  /** The model's masks for the open prompt, never for another one (see `answers`). */
  candidates: { items: Candidate[]; active: number } | null;
  /**
   * The model's answers to this image's recent prompts, newest last: undo and redo of a prompt edit bring back
   * the answer to the prompt they return to (or none, and the prompt is asked again), so what is on screen, and
   * what Enter accepts, always answers the prompt shown.
   */
  answers: Answer[];
  past: Command[];
  future: Command[];
  draft: Draft | null;
  /** The last refusal or hint, shown over the canvas until the next action. */
  notice: Notice | null;
  /** The lowest temporary id handed out, so one is never reused while a save may still refer to it. */
  lowestTempId: number;
}

/** Filled with an outline, the outline only (what is under the mask stays visible), or the fill only. */
export const MASK_DISPLAYS = ['fill-outline', 'outline', 'fill'] as const;
export type MaskDisplay = (typeof MASK_DISPLAYS)[number];
export const isMaskDisplay = (v: unknown): v is MaskDisplay =>
  (MASK_DISPLAYS as readonly unknown[]).includes(v);

export const EMPTY_PROMPT: PromptInput = { points: [], box: null };
export const MIN_BRUSH = 1;
export const MAX_BRUSH = 200;
export const MAX_HISTORY = 200;
/** Answers kept for undo/redo: masks are large, and an answer further back is simply asked again. */
export const MAX_ANSWERS = 20;

export function createEditor(init: {
  imageId: number;
  width: number;
  height: number;
  annotations: Annotation[];
  prompt?: PromptInput | null;
  tool?: ToolId;
  labelId?: number | null;
  lockedLabels?: number[];
  hiddenLabels?: number[];
  maskDisplay?: MaskDisplay;
}): EditorState {
  return {
    imageId: init.imageId,
    width: init.width,
    height: init.height,
    annotations: init.annotations,
    selection: [],
    lockedLabels: init.lockedLabels ?? [],
    hiddenLabels: init.hiddenLabels ?? [],
    opacity: 0.45,
    maskDisplay: init.maskDisplay ?? 'fill-outline',
    tool: init.tool ?? 'select',
    labelId: init.labelId ?? null,
    brushSize: 24,
    prompt: init.prompt ? { points: init.prompt.points, box: init.prompt.box } : EMPTY_PROMPT,
    candidates: null,
    answers: [],
    past: [],
    future: [],
    draft: null,
    notice: null,
    lowestTempId: 0,
  };
}

// ---- history ----

function applyChanges(annotations: Annotation[], changes: readonly AnnotationChange[]): Annotation[] {
  let out = annotations;
  for (const { id, after, index } of changes) {
    const i = out.findIndex((a) => a.id === id);
    if (after === null) {
      if (i !== -1) out = out.filter((_, k) => k !== i);
    } else if (i === -1) {
      const at = index === undefined ? out.length : Math.min(index, out.length);
      out = [...out.slice(0, at), after, ...out.slice(at)];
    } else {
      out = out.map((a, k) => (k === i ? after : a));
    }
  }
  return out;
}

export function invert(command: Command): Command {
  return {
    label: command.label,
    changes: [...command.changes].reverse().map((c) => ({ ...c, before: c.after, after: c.before })),
    ...(command.prompt ? { prompt: { before: command.prompt.after, after: command.prompt.before } } : {}),
  };
}

function applyCommand(state: EditorState, command: Command): EditorState {
  const annotations = applyChanges(state.annotations, command.changes);
  // A hidden annotation is never selected: it cannot be seen, so it must not be moved or deleted unseen.
  const present = new Set(annotations.filter((a) => !a.hidden).map((a) => a.id));
  return {
    ...state,
    annotations,
    selection: state.selection.filter((id) => present.has(id)),
    ...(command.prompt && {
      prompt: command.prompt.after,
      candidates: answerTo(state.answers, command.prompt.after),
    }),
    notice: null,
  };
}

/** Runs a new edit: it becomes the latest undo step and the redo list is dropped. */
export function execute(state: EditorState, command: Command): EditorState {
  const next = applyCommand(state, command);
  const lowestTempId = Math.min(state.lowestTempId, ...command.changes.map((c) => c.id));
  return { ...next, past: [...state.past, command].slice(-MAX_HISTORY), future: [], lowestTempId };
}

export function undo(state: EditorState): EditorState {
  const command = state.past[state.past.length - 1];
  if (!command) return { ...state, notice: { kind: 'info', text: 'Nothing to undo.' } };
  const next = applyCommand(state, invert(command));
  return { ...next, past: state.past.slice(0, -1), future: [...state.future, command] };
}

export function redo(state: EditorState): EditorState {
  const command = state.future[state.future.length - 1];
  if (!command) return { ...state, notice: { kind: 'info', text: 'Nothing to redo.' } };
  const next = applyCommand(state, command);
  return { ...next, past: [...state.past, command], future: state.future.slice(0, -1) };
}

/** After a save gave unsaved annotations their ids: renames them everywhere, history included. */
export function renameIds(state: EditorState, ids: ReadonlyMap<number, number>): EditorState {
  if (ids.size === 0) return state;
  const id = (n: number) => ids.get(n) ?? n;
  const ann = (a: Annotation | null) => (a && ids.has(a.id) ? { ...a, id: id(a.id) } : a);
  const cmd = (c: Command): Command => ({
    ...c,
    changes: c.changes.map((ch) => ({ ...ch, id: id(ch.id), before: ann(ch.before), after: ann(ch.after) })),
  });
  return {
    ...state,
    annotations: state.annotations.map((a) => ann(a)!),
    selection: state.selection.map(id),
    past: state.past.map(cmd),
    future: state.future.map(cmd),
  };
}

// ---- view state (not undoable: selection and label visibility are not edits) ----

const toggle = (list: readonly number[], id: number) =>
  list.includes(id) ? list.filter((x) => x !== id) : [...list, id];

export function select(state: EditorState, ids: readonly number[], additive = false): EditorState {
  const known = ids.filter((id) => state.annotations.some((a) => a.id === id));
  const selection = additive ? known.reduce(toggle, state.selection) : [...known];
  return { ...state, selection };
}

export function toggleLabelLocked(state: EditorState, labelId: number): EditorState {
  return { ...state, lockedLabels: toggle(state.lockedLabels, labelId) };
}

/** Locked by itself or through its label: it can be selected but not changed. */
export function isLocked(state: EditorState, id: number): boolean {
  const a = state.annotations.find((x) => x.id === id);
  if (!a) return false;
  return a.locked || (a.labelId !== null && state.lockedLabels.includes(a.labelId));
}

export function toggleLabelHidden(state: EditorState, labelId: number): EditorState {
  return { ...state, hiddenLabels: toggle(state.hiddenLabels, labelId) };
}

export function setOpacity(state: EditorState, opacity: number): EditorState {
  return { ...state, opacity: Math.min(1, Math.max(0, opacity)) };
}

export function setMaskDisplay(state: EditorState, maskDisplay: MaskDisplay): EditorState {
  return { ...state, maskDisplay };
}

export function setTool(state: EditorState, tool: ToolId): EditorState {
  return { ...state, tool, draft: null, notice: null };
}

export function setLabel(state: EditorState, labelId: number | null): EditorState {
  return { ...state, labelId };
}

export function setBrushSize(state: EditorState, size: number): EditorState {
  return { ...state, brushSize: Math.round(Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, size))) };
}

export function setNotice(state: EditorState, notice: Notice | null): EditorState {
  return { ...state, notice };
}

/** Whether an annotation is drawn: not hidden by itself, by its label, or rejected. */
export function isVisible(state: EditorState, a: Annotation): boolean {
  return (
    a.reviewState !== 'rejected' &&
    !a.hidden &&
    !(a.labelId !== null && state.hiddenLabels.includes(a.labelId))
  );
}

export const isProposal = (a: Annotation) => a.reviewState === 'proposed';

// ---- model candidates ----

/** The model's answer to the open prompt: shown, and kept so that undo/redo back to this prompt shows it again. */
export function setCandidates(state: EditorState, items: readonly Candidate[]): EditorState {
  const answers = [...state.answers.filter((a) => !samePrompt(a.prompt, state.prompt))];
  if (items.length) answers.push({ prompt: state.prompt, items: [...items] });
  return {
    ...state,
    candidates: items.length ? { items: [...items], active: 0 } : null,
    answers: answers.slice(-MAX_ANSWERS),
  };
}

/** The candidates kept for a prompt, or null (an empty prompt has none). */
function answerTo(answers: readonly Answer[], prompt: PromptInput): EditorState['candidates'] {
  if (prompt.points.length === 0 && prompt.box === null) return null;
  const found = answers.findLast((a) => samePrompt(a.prompt, prompt));
  return found ? { items: found.items, active: 0 } : null;
}

export function cycleCandidate(state: EditorState, step: 1 | -1): EditorState {
  const c = state.candidates;
  if (!c) return state;
  const n = c.items.length;
  return { ...state, candidates: { ...c, active: (c.active + step + n) % n } };
}

export function activeCandidate(state: EditorState): Candidate | null {
  return state.candidates?.items[state.candidates.active] ?? null;
}

export function clearCandidates(state: EditorState): EditorState {
  return state.candidates ? { ...state, candidates: null } : state;
}

export function samePrompt(a: PromptInput, b: PromptInput): boolean {
  const samePoint = (p: PromptPoint, q: PromptPoint) =>
    p.positive === q.positive && p.point[0] === q.point[0] && p.point[1] === q.point[1];
  return (
    a.points.length === b.points.length &&
    a.points.every((p, i) => samePoint(p, b.points[i]!)) &&
    JSON.stringify(a.box) === JSON.stringify(b.box)
  );
}
