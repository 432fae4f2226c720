// The editor of the open image: one external store holding EditorState, and the commands the canvas, the
// panels and the shortcuts call. Every edit is executed here, saved in order by the saver, and undone here.
import type { Annotation, ImageRecord, Label, Prompt } from '../../../shared/domain';
import { api } from '../api';
import { reportError } from '../state/app';
import { refreshProjectSoon } from '../state/commands/open-project';
import { createStore, useStore } from '../state/store';
import { isToolId, toolById, type ToolId, type ToolOutcome, type ToolPointer } from './tools';
import { reduceOutcome } from './tools/outcome';
import {
  activeCandidate,
  clearCandidates,
  createEditor,
  cycleCandidate as cycle,
  EMPTY_PROMPT,
  execute,
  invert,
  isMaskDisplay,
  isProposal,
  redo,
  renameIds,
  select,
  setCandidates as withCandidates,
  setLabel,
  setNotice,
  setMaskDisplay,
  setTool,
  toggleLabelHidden as withLabelHidden,
  toggleLabelLocked as withLabelLocked,
  undo,
  type Candidate,
  type Command,
  type EditorState,
  type MaskDisplay,
} from './editor-state';
import {
  acceptCandidate,
  deleteAnnotations,
  editPrompt,
  relabel,
  review,
  toggleFlag,
  type Edit,
  type Flag,
} from './edits';
import { createSaver, type Saver } from './saver';

export const editorStore = createStore<EditorState | null>(null);

export function useEditor<T>(selector: (state: EditorState | null) => T): T {
  return useStore(editorStore, selector);
}

const get = () => editorStore.get();
const change = (fn: (s: EditorState) => EditorState) => editorStore.set((s) => (s ? fn(s) : s));

// ---- remembered choices (last tool, last label and the hidden/locked labels per project) ----

const TOOL_KEY = 'visprompt.editor.tool';
const DISPLAY_KEY = 'visprompt.editor.maskDisplay';
const labelKey = (project: string) => `visprompt.editor.label:${project}`;
const labelViewKey = (project: string) => `visprompt.editor.labelView:${project}`;

interface LabelView {
  hiddenLabels: number[];
  lockedLabels: number[];
}

function rememberedLabelView(project: string): LabelView {
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : []);
  try {
    const saved = JSON.parse(remembered(labelViewKey(project)) ?? '{}') as Partial<
      Record<keyof LabelView, unknown>
    >;
    return { hiddenLabels: ids(saved.hiddenLabels), lockedLabels: ids(saved.lockedLabels) };
  } catch {
    return { hiddenLabels: [], lockedLabels: [] };
  }
}

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage may be off (private windows): the choice is simply not kept.
  }
}

// ---- the session of one image ----

let session: { project: string; imageId: number; saver: Saver } | null = null;

/** Annotations to select when the editor next opens on an image (the review screen's Edit). */
let selectOnOpen: { imageId: number; ids: number[] } | null = null;

export function selectWhenOpened(imageId: number, ids: number[]): void {
  selectOnOpen = { imageId, ids };
}

export function openEditor(
  project: string,
  image: ImageRecord,
  annotations: Annotation[],
  prompt: Prompt | null,
  labels: readonly Label[],
): void {
  const tool = remembered(TOOL_KEY);
  const display = remembered(DISPLAY_KEY);
  const label = Number(remembered(labelKey(project)));
  session = {
    project,
    imageId: image.id,
    saver: createSaver(
      api,
      project,
      image.id,
      annotations.map((a) => a.id),
    ),
  };
  editorStore.set(() =>
    createEditor({
      imageId: image.id,
      width: image.width,
      height: image.height,
      annotations,
      prompt,
      tool: isToolId(tool) ? tool : 'select',
      maskDisplay: isMaskDisplay(display) ? display : 'fill-outline',
      labelId: labels.some((l) => l.id === label) ? label : (labels[0]?.id ?? null),
      ...rememberedLabelView(project),
    }),
  );
  if (selectOnOpen?.imageId === image.id) {
    const ids = selectOnOpen.ids;
    editorStore.set((s) => (s ? select(s, ids) : s));
  }
  selectOnOpen = null;
}

export function closeEditor(imageId: number): void {
  if (session?.imageId !== imageId) return;
  session = null;
  editorStore.set(() => null);
}

/** Resolves once every edit made so far is in the store. */
export function editorSaved(): Promise<void> {
  return session?.saver.idle() ?? Promise.resolve();
}

function persist(command: Command): void {
  const s = session;
  if (!s) return;
  s.saver.save(command).then(
    ({ renamed, stored }) => {
      if (session === s && renamed.size > 0) change((st) => renameIds(st, renamed));
      // The project's counts (the library header) follow every save, not only the next reload.
      if (stored) refreshProjectSoon();
    },
    (err: unknown) => {
      reportError(err);
      if (session === s) void resync(s.project, s.imageId);
    },
  );
}

/** After a failed save: show what the store really holds, and start a fresh history from there. */
async function resync(project: string, imageId: number): Promise<void> {
  const [annotations, prompt] = await Promise.all([
    api.annotations.list({ project, imageId }),
    api.prompts.current({ project, imageId }),
  ]);
  if (session?.imageId !== imageId) return;
  session = {
    project,
    imageId,
    saver: createSaver(
      api,
      project,
      imageId,
      annotations.map((a) => a.id),
    ),
  };
  change((s) => ({
    ...s,
    annotations,
    prompt: prompt ?? EMPTY_PROMPT,
    selection: [],
    past: [],
    future: [],
    draft: null,
  }));
}

// ---- edits ----

/** Runs an edit, or shows why it was refused. Returns whether it ran. */
export function runEdit(edit: Edit): boolean {
  if (!get()) return false;
  if (!edit.ok) {
    change((s) => setNotice(s, { kind: 'error', text: edit.reason }));
    return false;
  }
  change((s) => execute(s, edit.command));
  persist(edit.command);
  return true;
}

export function undoEdit(): void {
  const command = get()?.past.at(-1);
  change(undo);
  if (command) persist(invert(command));
}

export function redoEdit(): void {
  const command = get()?.future.at(-1);
  change(redo);
  if (command) persist(command);
}

// ---- tools ----

export function applyOutcome(outcome: ToolOutcome): void {
  const s = get();
  if (!s) return;
  // A prompt edit shows the candidates of its new prompt (none until the model answers it): editor-state.ts.
  const { state, ran } = reduceOutcome(s, outcome);
  editorStore.set(() => state);
  if (ran) persist(ran);
}

export function pointerEvent(kind: 'down' | 'move' | 'up', p: ToolPointer): void {
  const s = get();
  if (!s) return;
  const tool = toolById(s.tool);
  applyOutcome(tool[kind](s, p));
}

export function chooseTool(tool: ToolId): void {
  remember(TOOL_KEY, tool);
  change((s) => setTool(s, tool));
}

export function chooseMaskDisplay(display: MaskDisplay): void {
  remember(DISPLAY_KEY, display);
  change((s) => setMaskDisplay(s, display));
}

export function chooseLabel(labelId: number): void {
  if (session) remember(labelKey(session.project), String(labelId));
  change((s) => setLabel(s, labelId));
}

/** Hotkey 1-9: relabels the selection when there is one, and makes the label the active one. */
export function labelHotkey(hotkey: number, labels: readonly Label[]): void {
  const label = labels.find((l) => l.hotkey === hotkey);
  const s = get();
  if (!s) return;
  if (!label) {
    change((st) => setNotice(st, { kind: 'error', text: `No label has the hotkey ${hotkey}.` }));
    return;
  }
  chooseLabel(label.id);
  if (s.selection.length > 0) runEdit(relabel(s, s.selection, label.id));
}

/** H / L and the list's eye and lock: an undoable edit of the annotations, saved with them. */
export function toggleAnnotationFlag(ids: readonly number[], flag: Flag): void {
  const s = get();
  if (s) runEdit(toggleFlag(s, ids, flag));
}

/** Hides or locks a whole label: view state of the project, remembered by the browser rather than the store. */
export function toggleLabelView(labelId: number, what: 'hidden' | 'locked'): void {
  change((s) => (what === 'hidden' ? withLabelHidden : withLabelLocked)(s, labelId));
  const s = get();
  if (session && s) {
    const view: LabelView = { hiddenLabels: s.hiddenLabels, lockedLabels: s.lockedLabels };
    remember(labelViewKey(session.project), JSON.stringify(view));
  }
}

export function deleteSelection(): void {
  const s = get();
  if (!s) return;
  if (s.draft?.kind === 'polygon') return applyOutcome(toolById(s.tool).back?.(s) ?? {});
  runEdit(deleteAnnotations(s, s.selection));
}

/** Enter: closes the polygon being drawn, else accepts the model's mask, else accepts selected proposals. */
export function confirm(): void {
  const s = get();
  if (!s) return;
  const complete = toolById(s.tool).complete;
  if (s.draft && complete) return applyOutcome(complete(s));
  if (activeCandidate(s)) {
    if (runEdit(acceptCandidate(s))) change(clearCandidates);
    return;
  }
  if (s.selection.length > 0) {
    runEdit(review(s, s.selection, 'accepted'));
    return;
  }
  change((st) => setNotice(st, { kind: 'info', text: 'Nothing to confirm.' }));
}

/** Esc: drops the draft, else the candidates, else the selection. False when there was nothing to drop. */
export function cancel(): boolean {
  const s = get();
  if (!s) return false;
  if (s.draft) change((st) => ({ ...st, draft: null, notice: null }));
  else if (s.candidates) change(clearCandidates);
  else if (s.selection.length > 0) change((st) => select(st, []));
  else return false;
  return true;
}

/** N: a new prompt (the open one is cleared, as an undoable edit) and no candidates. */
export function newPrompt(): void {
  const s = get();
  if (!s) return;
  change(clearCandidates);
  if (s.prompt.points.length > 0 || s.prompt.box) runEdit(editPrompt(s, EMPTY_PROMPT, 'New prompt'));
  change((st) => setTool(st, 'point'));
}

/** Shift+Enter and the list's 'Accept all': every proposal on the image, in one undoable step. */
export function acceptAllProposals(): void {
  const s = get();
  if (!s) return;
  const ids = s.annotations.filter(isProposal).map((a) => a.id);
  if (ids.length === 0) change((st) => setNotice(st, { kind: 'info', text: 'No proposals on this image.' }));
  else runEdit(review(s, ids, 'accepted'));
}

export function rejectSelection(): void {
  const s = get();
  if (s) runEdit(review(s, s.selection, 'rejected'));
}

// ---- model candidates (filled by the segment wiring) ----

/** Shows a model's answer to the open prompt; candidates of another image are ignored. */
export function setCandidates(imageId: number, items: readonly Candidate[]): void {
  change((s) => (s.imageId === imageId ? withCandidates(s, items) : s));
}

export function cycleCandidate(step: 1 | -1): void {
  change((s) => cycle(s, step));
}

/** Any pure change of the view (visibility, opacity, brush size, selection). */
export function updateEditor(fn: (s: EditorState) => EditorState): void {
  change(fn);
}

/** What the actions table (shortcuts) may ask of the editor and the canvas view. */
export const editorCommands = {
  chooseTool,
  undo: undoEdit,
  redo: redoEdit,
  confirm,
  cancel,
  deleteSelection,
  newPrompt,
  rejectSelection,
  acceptAllProposals,
  toggleSelection: (flag: Flag) => {
    const s = get();
    if (s) toggleAnnotationFlag(s.selection, flag);
  },
  labelHotkey,
  cycleCandidate,
  update: updateEditor,
};
export type EditorCommands = typeof editorCommands;
