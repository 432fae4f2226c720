// The one store of the renderer, and the small effects that keep it in step with the URL and the backend.
import { StudioError } from '../../../shared/errors';
import { formatRoute, parseRoute, type Route } from '../routing/routes';
import { addToast, initialState, removeToast, type AppState, type ToastKind } from './app-state';
import { createStore, useStore } from './store';

export const store = createStore<AppState>(initialState(parseRoute(location.hash)));

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(store, selector);
}

export function update(fn: (state: AppState) => AppState): void {
  store.set(fn);
}

// ---- routing: the hash is the source of truth; the store mirrors it ----

window.addEventListener('hashchange', () => {
  const route = parseRoute(location.hash);
  if (formatRoute(route) !== formatRoute(store.get().route)) update((s) => ({ ...s, route }));
});

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = formatRoute(route);
  if (location.hash === hash) return;
  if (options.replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  update((s) => ({ ...s, route }));
}

// ---- toasts: info goes away by itself, errors stay until closed ----

let nextToastId = 1;
const INFO_TOAST_MS = 4000;

export function toast(kind: ToastKind, message: string, code?: StudioError['code']): number {
  const id = nextToastId++;
  update((s) => ({ ...s, toasts: addToast(s.toasts, { id, kind, message, ...(code ? { code } : {}) }) }));
  if (kind !== 'error') setTimeout(() => dismissToast(id), INFO_TOAST_MS);
  return id;
}

export function dismissToast(id: number): void {
  update((s) => ({ ...s, toasts: removeToast(s.toasts, id) }));
}

export function reportError(err: unknown): void {
  if (err instanceof StudioError) toast('error', err.message, err.code);
  else toast('error', err instanceof Error ? err.message : String(err), 'internal');
}

/** Runs a call; a failure becomes an error toast and the result undefined. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    reportError(err);
    return undefined;
  }
}
