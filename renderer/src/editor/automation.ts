// A small, stable handle on the editor for automation (the e2e tests, the canvas benchmark, and model wiring
// under development): what the editor holds, and a way to hand it model candidates as a segmenter would.
import type { Candidate, EditorState } from './editor-state';
import { editorStore, setCandidates } from './editor-store';

export interface EditorAutomation {
  state(): EditorState | null;
  setCandidates(imageId: number, items: Candidate[]): void;
}

declare global {
  interface Window {
    visprompt?: { editor: EditorAutomation };
  }
}

export function installAutomation(): void {
  window.visprompt = { editor: { state: () => editorStore.get(), setCandidates } };
}
