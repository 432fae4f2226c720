// Moving around and asking a screen to act (the actions table and the shortcuts call these): routes, help,
// the search box, the library's import picker, the image view's next and previous.
import type { Route } from '../../routing/routes';
import { navigate, update } from '../app';

export function go(route: Route): void {
  navigate(route);
}

export function toggleHelp(open?: boolean): void {
  update((s) => ({ ...s, helpOpen: open ?? !s.helpOpen }));
}

export function focusSearch(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="filter-search"]');
  input?.focus();
  input?.select();
}

/** Asks the library screen to open its folder picker for an import. */
const importRequests = new Set<() => void>();
export function onImportRequest(listener: () => void): () => void {
  importRequests.add(listener);
  return () => importRequests.delete(listener);
}
export function requestImport(): void {
  for (const l of importRequests) l();
}

/** Asks the image view to move; it knows its neighbours already. */
const stepRequests = new Set<(direction: 'prev' | 'next') => void>();
export function onStepRequest(listener: (direction: 'prev' | 'next') => void): () => void {
  stepRequests.add(listener);
  return () => stepRequests.delete(listener);
}
export function requestStep(direction: 'prev' | 'next'): void {
  for (const l of stepRequests) l(direction);
}
