import { useEffect } from 'react';
import { editorCommands, editorStore } from '../editor/editor-store';
import { store } from '../state/app';
import { commands } from '../state/commands';
import { ACTIONS, inScope, type Action } from './actions';
import { matchesBinding, type KeyLike } from './keys';

/** Typing in a field never triggers a shortcut. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'color'].includes(target.type);
  }
  return false;
}

export function findAction(event: KeyLike, actions: readonly Action[] = ACTIONS): Action | undefined {
  const state = store.get();
  return actions.find(
    (a) =>
      inScope(a, state.route.name) &&
      a.keys.some((k) => matchesBinding(k, event)) &&
      (a.when ? a.when(state, editorStore.get()) : true),
  );
}

/** One keydown listener for the whole app, driven by the actions table. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || (event.repeat && event.key === '?')) return;
      if (isEditableTarget(event.target)) return;
      const action = findAction(event);
      if (!action) return;
      // While a dialog is open only the help toggle gets through (so '?' closes the help it opened).
      const dialogOpen = document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
      if (dialogOpen && action.id !== 'help.toggle') return;
      event.preventDefault();
      action.perform({ state: store.get(), commands, editor: editorCommands, key: event.key });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
