// Watches the open prompt of one image and asks the segmenter for its masks. Only the latest prompt matters:
// a prompt changed while a call runs is sent once that call returns (the server runs an image's clicks one
// after another anyway), and an answer to a prompt that is no longer on screen is dropped. The candidate the
// user was looking at (Tab) is the one the next click refines; an emptied prompt (mask accepted, new prompt)
// makes the server forget its previous answer, so nothing of one object leaks into the next.
import type { StudioApi } from '../../../shared/api';
import type { SegmentRunResult } from '../../../shared/api/segment';
import type { Box, PromptInput } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { EMPTY_PROMPT, samePrompt, type Candidate, type EditorState } from '../editor/editor-state';

export type SegmentApi = Pick<StudioApi['segment'], 'run' | 'reset'>;

/** What the controller needs of the editor store. */
export interface EditorPort {
  get(): EditorState | null;
  subscribe(listener: () => void): () => void;
  setCandidates(imageId: number, items: Candidate[]): void;
}

export type SegmentActivity =
  | { kind: 'idle' }
  | { kind: 'running'; points: number; box: boolean }
  | {
      kind: 'done';
      engine: string;
      modelId: string;
      candidates: number;
      refined: boolean;
      /** The region the engine saw ('segment in view'), null for the whole image. */
      view: Box | null;
      /** The round trip as the user waits for it, the server's share of it, and the engine's share of that. */
      ms: number;
      serverMs: number;
      engineMs: number;
    }
  | { kind: 'error'; message: string; code: string }
  /** Undo/redo returned to a prompt whose answer the editor kept. */
  | { kind: 'restored'; candidates: number };

export interface SegmentControllerOptions {
  api: SegmentApi;
  editor: EditorPort;
  project: string;
  imageId: number;
  onActivity: (activity: SegmentActivity) => void;
  now?: () => number;
  /** The visible region to answer from ('segment in view'), read when each click is sent; null: whole image. */
  view?: () => Box | null;
}

export interface SegmentController {
  stop(): void;
  /** Whether a click is being answered (hover previews wait for it). */
  busy(): boolean;
  /** Resolves once no call is running or waiting (tests). */
  idle(): Promise<void>;
}

const isEmpty = (p: PromptInput) => p.points.length === 0 && p.box === null;

export function toCandidates(result: SegmentRunResult): Candidate[] {
  return result.candidates.map((c) => ({
    rle: c.rle,
    score: c.score,
    modelId: result.modelId,
    ...(c.shapeGuess ? { shapeGuess: true } : {}),
  }));
}

export function startSegmentController(options: SegmentControllerOptions): SegmentController {
  const { api, editor, project, imageId, onActivity } = options;
  const now = options.now ?? (() => performance.now());
  /** The last prompt seen on the editor; a change of it is what triggers a call. */
  let seen: PromptInput = EMPTY_PROMPT;
  /** The prompt still to send (the newest one), or null. */
  let wanted: PromptInput | null = null;
  /** The candidate on screen: the one the next click refines. */
  let selected = 0;
  // A fresh view starts from a clean server session: an answer left from an earlier visit is not refined.
  let needsReset = true;
  let running: Promise<void> | null = null;
  let stopped = false;

  const current = (): EditorState | null => {
    const s = editor.get();
    return s && s.imageId === imageId ? s : null;
  };

  function onChange(): void {
    const s = current();
    if (!s || stopped) return;
    if (s.candidates) selected = s.candidates.active;
    if (samePrompt(s.prompt, seen)) return;
    seen = s.prompt;
    if (s.candidates) {
      // Undo or redo came back to a prompt already answered: its masks are on screen again, no call needed.
      wanted = null;
      onActivity({ kind: 'restored', candidates: s.candidates.items.length });
      return;
    }
    if (isEmpty(s.prompt)) {
      wanted = null;
      needsReset = true;
      onActivity({ kind: 'idle' });
    } else {
      wanted = s.prompt;
    }
    running ??= drain().finally(() => (running = null));
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      if (needsReset) {
        needsReset = false;
        // Losing the reset only means the next click may refine the old answer: not worth an error.
        await api.reset({ project, imageId }).catch(() => undefined);
        continue;
      }
      const prompt = wanted;
      if (!prompt) return;
      wanted = null;
      const refine = selected;
      selected = 0;
      onActivity({ kind: 'running', points: prompt.points.length, box: prompt.box !== null });
      const started = now();
      try {
        const view = options.view?.() ?? undefined;
        const result = await api.run({
          project,
          imageId,
          prompt,
          multimask: true,
          selected: refine,
          ...(view && { view }),
        });
        if (stopped || wanted || needsReset) continue;
        const s = current();
        if (!s || !samePrompt(s.prompt, prompt)) continue;
        // Candidates someone else handed over for this prompt (automation) are not replaced.
        if (!s.candidates) editor.setCandidates(imageId, toCandidates(result));
        onActivity({
          kind: 'done',
          engine: result.engine,
          modelId: result.modelId,
          candidates: result.candidates.length,
          refined: result.refined,
          view: result.view,
          ms: now() - started,
          serverMs: result.timings.totalMs,
          engineMs: result.timings.prepareMs + result.timings.segmentMs,
        });
      } catch (err) {
        if (stopped || wanted || needsReset) continue;
        const e = err instanceof StudioError ? err : null;
        onActivity({
          kind: 'error',
          message: err instanceof Error ? err.message : String(err),
          code: e?.code ?? 'internal',
        });
      }
    }
  }

  const unsubscribe = editor.subscribe(onChange);
  onChange();
  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
    busy: () => running !== null,
    idle: async () => {
      while (running) await running;
    },
  };
}
