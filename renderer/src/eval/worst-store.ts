// The worst-objects list outside React: the row picked, the objects listed and the one drawn, so its keys are
// actions (J / K walk the list, E opens the object in the editor, Esc closes it: eval-commands.ts) that the
// help overlay lists. Pure steps here, and nothing that reaches the studio, so the actions table can import it.
import { createStore, useStore } from '../state/store';
import type { ResultPick } from './use-eval';

export interface WorstItem {
  id: number;
  imageId: number;
  truthId: number | null;
}

export interface WorstState {
  project: string | null;
  jobId: number | null;
  /** The table row whose objects are listed; null: the list is closed. */
  pick: ResultPick | null;
  items: WorstItem[];
  /** The object drawn (one of items), or null. */
  chosen: number | null;
}

export const worstStore = createStore<WorstState>({
  project: null,
  jobId: null,
  pick: null,
  items: [],
  chosen: null,
});

export const useWorstState = <T>(selector: (s: WorstState) => T): T => useStore(worstStore, selector);

/** Opens (or with null closes) the list of a row of one experiment. */
export function pickRow(project: string, jobId: number, pick: ResultPick | null): void {
  worstStore.set(() => ({ project, jobId, pick, items: [], chosen: null }));
}

/** The objects now listed; the one drawn stays when it still is, else the first (the worst). */
export function listed(state: WorstState, items: WorstItem[]): WorstState {
  const keep = state.chosen !== null && items.some((i) => i.id === state.chosen);
  return { ...state, items, chosen: keep ? state.chosen : (items[0]?.id ?? null) };
}

/** The next (or previous) object, stopping at the ends. */
export function step(state: WorstState, delta: number): WorstState {
  if (state.items.length === 0) return state;
  const at = state.items.findIndex((i) => i.id === state.chosen);
  const next = Math.max(0, Math.min(state.items.length - 1, (at === -1 ? 0 : at) + delta));
  return { ...state, chosen: state.items[next]!.id };
}

/** Whether a row's worst objects are listed (the screen's keys apply only then). */
export const worstListOpen = () => worstStore.get().pick !== null;
