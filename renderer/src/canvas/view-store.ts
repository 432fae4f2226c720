// The canvas view (zoom and pan) as a small store, so toolbar buttons and shortcuts (+, -, fit, 1:1) reach it.
// A view the user has not touched follows the stage size (it stays fitted when the window is resized).
import type { Point } from '../../../shared/domain';
import { createStore, useStore } from '../state/store';
import { actualSizeView, fitView, panBy, ZOOM_STEP, zoomAt, type View } from './viewport';

interface ViewState {
  view: View;
  stage: { w: number; h: number };
  image: { w: number; h: number };
  /** True until the user zooms or pans; the view is then refitted on every resize. */
  fitted: boolean;
}

export const viewStore = createStore<ViewState>({
  view: { scale: 1, x: 0, y: 0 },
  stage: { w: 0, h: 0 },
  image: { w: 0, h: 0 },
  fitted: true,
});

export function useView<T>(selector: (s: ViewState) => T): T {
  return useStore(viewStore, selector);
}

const fitted = (s: ViewState): ViewState =>
  s.stage.w > 0 && s.image.w > 0
    ? { ...s, view: fitView(s.image.w, s.image.h, s.stage.w, s.stage.h), fitted: true }
    : s;

export function setStageSize(w: number, h: number): void {
  viewStore.set((s) => {
    if (s.stage.w === w && s.stage.h === h) return s;
    const next = { ...s, stage: { w, h } };
    return s.fitted ? fitted(next) : next;
  });
}

/** A new image starts fitted. */
export function setImageSize(w: number, h: number): void {
  viewStore.set((s) => fitted({ ...s, image: { w, h } }));
}

export function fit(): void {
  viewStore.set(fitted);
}

export function actualSize(): void {
  viewStore.set((s) => ({ ...s, view: actualSizeView(s.view, s.stage.w, s.stage.h), fitted: false }));
}

/** Zooms about a screen point (the cursor), or the stage centre. */
export function zoom(factor: number, at?: Point): void {
  viewStore.set((s) => ({
    ...s,
    view: zoomAt(s.view, at ?? [s.stage.w / 2, s.stage.h / 2], factor),
    fitted: false,
  }));
}

export const zoomIn = () => zoom(ZOOM_STEP);
export const zoomOut = () => zoom(1 / ZOOM_STEP);

export function pan(dx: number, dy: number): void {
  viewStore.set((s) => ({ ...s, view: panBy(s.view, dx, dy), fitted: false }));
}
