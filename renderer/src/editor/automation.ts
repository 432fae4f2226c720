// A small, stable handle on the editor and the view for automation (the e2e tests, the canvas benchmark, and
// model wiring under development): what the editor holds, model candidates handed over as a segmenter would,
// and pan/zoom without synthetic input events.
import { pan, viewStore, zoom } from '../canvas/view-store';
import type { View } from '../canvas/viewport';
import type { Candidate, EditorState } from './editor-state';
import { editorStore, setCandidates } from './editor-store';

export interface Automation {
  editor: {
    state(): EditorState | null;
    setCandidates(imageId: number, items: Candidate[]): void;
  };
  view: {
    get(): View;
    pan(dx: number, dy: number): void;
    zoom(factor: number, at?: [number, number]): void;
  };
}

declare global {
  interface Window {
    visprompt?: Automation;
  }
}

export function installAutomation(): void {
  window.visprompt = {
    editor: { state: () => editorStore.get(), setCandidates },
    view: { get: () => viewStore.get().view, pan, zoom },
  };
}
