// The hover preview of the point tool: while the cursor moves over the image, the engine is asked for the mask
// a positive click there would give (the open prompt plus that point), and the answer is drawn faintly. At most
// one request is in flight; the newest cursor position is the next one sent (older ones are dropped). Previews
// are `preview: true` runs: the server keeps no refinement state and records no model run for them. An answer
// is dropped when the prompt changed or the cursor left while it was coming.
import type { Box, Point, PromptInput, Rle } from '../../../shared/domain';
import { samePrompt } from '../editor/editor-state';
import { createStore, type Store } from '../state/store';
import type { EditorPort, SegmentApi } from './segment-controller';

export interface HoverState {
  imageId: number | null;
  /** The cursor in image pixels while the point tool hovers over the image, else null. */
  point: Point | null;
  /** The preview mask for the current prompt and a cursor position, else null. */
  mask: Rle | null;
}

export const hoverStore = createStore<HoverState>({ imageId: null, point: null, mask: null });

/** The canvas reports where the point tool hovers (null: it left the image or another tool is on). */
export function setHoverPoint(
  imageId: number,
  point: Point | null,
  store: Store<HoverState> = hoverStore,
): void {
  store.set((s) =>
    s.imageId === imageId && s.point === point
      ? s
      : { imageId, point, mask: s.imageId === imageId && point ? s.mask : null },
  );
}

export interface HoverPreviewOptions {
  api: Pick<SegmentApi, 'run'>;
  editor: Pick<EditorPort, 'get' | 'subscribe'>;
  hover?: Store<HoverState>;
  project: string;
  imageId: number;
  /** The image's size as shown, read per request (the canvas sets it when the image loads). */
  image: () => { width: number; height: number };
  /** Whether to ask at all (the setting, or the last click was fast). */
  enabled: () => boolean;
  /** A click is being answered: previews wait rather than queue behind it. */
  busy: () => boolean;
  /** The crop clicks are answered from ('segment in view'), so the preview matches the click. */
  view?: () => Box | null;
}

export interface HoverPreview {
  stop(): void;
  /** Resolves when no preview request is in flight (tests). */
  idle(): Promise<void>;
}

const inside = ([x, y]: Point, { width, height }: { width: number; height: number }) =>
  x >= 0 && y >= 0 && x <= width && y <= height;

export function startHoverPreview(options: HoverPreviewOptions): HoverPreview {
  const { api, editor, project, imageId, image } = options;
  const hover = options.hover ?? hoverStore;
  let inflight: Promise<void> | null = null;
  /** The position last sent (or being sent), so an unchanged cursor is not asked twice. */
  let sent: { point: Point; prompt: PromptInput } | null = null;
  let stopped = false;

  const clearMask = () => hover.set((s) => (s.imageId === imageId && s.mask ? { ...s, mask: null } : s));

  function wanted(): { point: Point; prompt: PromptInput } | null {
    const h = hover.get();
    const ed = editor.get();
    if (stopped || h.imageId !== imageId || !h.point || !ed || ed.imageId !== imageId) return null;
    if (ed.tool !== 'point' || ed.draft || !inside(h.point, image()) || !options.enabled()) return null;
    return { point: h.point, prompt: ed.prompt };
  }

  function pump(): void {
    if (inflight) return;
    const next = wanted();
    if (!next) {
      clearMask();
      return;
    }
    if (options.busy()) return;
    if (sent && sent.point === next.point && samePrompt(sent.prompt, next.prompt)) return;
    sent = next;
    const prompt: PromptInput = {
      points: [...next.prompt.points, { point: next.point, positive: true }],
      box: next.prompt.box,
    };
    const view = options.view?.() ?? undefined;
    inflight = api
      .run({ project, imageId, prompt, multimask: false, selected: 0, preview: true, ...(view && { view }) })
      .then(
        (result) => {
          const now = wanted();
          // Drawn only while the prompt it was made for is still the open one and the cursor still hovers.
          if (now && samePrompt(now.prompt, next.prompt))
            hover.set((s) => ({ ...s, mask: result.candidates[0]?.rle ?? null }));
        },
        // A failed preview is not worth a message: the click itself reports its error.
        () => clearMask(),
      )
      .finally(() => {
        inflight = null;
        pump();
      });
  }

  let lastPrompt = editor.get()?.prompt ?? null;
  const offEditor = editor.subscribe(() => {
    const prompt = editor.get()?.prompt ?? null;
    if (prompt !== lastPrompt) {
      // The preview was for the old prompt: a click happened, or it was cleared.
      lastPrompt = prompt;
      sent = null;
      clearMask();
    }
    pump();
  });
  const offHover = hover.subscribe(pump);
  return {
    stop() {
      stopped = true;
      offEditor();
      offHover();
      clearMask();
    },
    idle: async () => {
      while (inflight) await inflight;
    },
  };
}
