// The project this window has open, as the commands read it, and reading its info (counts, size) again.
import { api } from '../../api';
import { attempt, store, update } from '../app';

export const state = () => store.get();
export const openPath = () => state().project?.path;

/** Reads the labels again: after an import, which may have made some. */
export async function refreshLabels(): Promise<void> {
  const path = openPath();
  if (!path) return;
  const labels = await attempt(() => api.labels.list({ project: path }));
  if (labels && openPath() === path) update((s) => ({ ...s, labels }));
}

export async function refreshProject(): Promise<void> {
  const path = openPath();
  if (!path) return;
  const info = await attempt(() => api.projects.info({ project: path }));
  if (info && openPath() === path) update((s) => ({ ...s, project: info }));
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Reads the counts again shortly after a change; a burst of saves (a brush drag, undo runs) is one read. */
export function refreshProjectSoon(ms = 250): void {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshProject();
  }, ms);
}
