// Every keyboard-reachable command, once: its id, label, shortcut(s), where it applies and what it does.
// The '?' overlay, the key handler and the shortcut hints on buttons all read this table, so a shortcut is
// never written twice. `perform` gets the commands it may use, which keeps this file free of side effects.
import type { ImageStatus } from '../../../shared/domain';
import type { RouteName } from '../routing/routes';
import type { AppState } from '../state/app-state';
import type { Commands } from '../state/commands';

export type ActionGroup = 'General' | 'Library' | 'Image' | 'Status';

export interface ActionContext {
  state: AppState;
  commands: Commands;
}

export interface Action {
  id: string;
  label: string;
  group: ActionGroup;
  /** Shortcut bindings (see keys.ts); the first is the one shown on buttons. */
  keys: readonly string[];
  /** The screens where the shortcut works. */
  scope: readonly RouteName[] | 'any';
  /** When the action applies at all (the shortcut is ignored otherwise). */
  when?: (state: AppState) => boolean;
  perform: (ctx: ActionContext) => void;
}

const statusAction = (status: ImageStatus, label: string, key: string): Action => ({
  id: `status.${status}`,
  label,
  group: 'Status',
  keys: [key],
  scope: ['project', 'image'],
  when: (s) => s.route.name === 'image' || s.selection.length > 0,
  perform: ({ commands }) => void commands.setStatusHere(status),
});

export const ACTIONS: readonly Action[] = [
  {
    id: 'help.toggle',
    label: 'Show keyboard shortcuts',
    group: 'General',
    keys: ['?'],
    scope: 'any',
    perform: ({ commands }) => commands.toggleHelp(),
  },
  {
    id: 'app.settings',
    label: 'Open settings',
    group: 'General',
    keys: ['mod+,'],
    scope: ['home', 'project', 'image'],
    perform: ({ state, commands }) => {
      const r = state.route;
      commands.go(
        r.name === 'project' || r.name === 'image'
          ? { name: 'settings', path: r.path }
          : { name: 'settings' },
      );
    },
  },
  {
    id: 'library.import',
    label: 'Import a folder of images',
    group: 'Library',
    keys: ['i'],
    scope: ['project'],
    perform: ({ commands }) => commands.requestImport(),
  },
  {
    id: 'library.search',
    label: 'Search by file name',
    group: 'Library',
    keys: ['/'],
    scope: ['project'],
    perform: ({ commands }) => commands.focusSearch(),
  },
  {
    id: 'library.selectAll',
    label: 'Select every image on the page',
    group: 'Library',
    keys: ['mod+a'],
    scope: ['project'],
    when: (s) => s.images.items.length > 0,
    perform: ({ commands }) => commands.selectAllOnPage(),
  },
  {
    id: 'library.clearSelection',
    label: 'Clear the selection',
    group: 'Library',
    keys: ['Escape'],
    scope: ['project'],
    when: (s) => s.selection.length > 0,
    perform: ({ commands }) => commands.deselectAll(),
  },
  {
    id: 'library.nextPage',
    label: 'Next page',
    group: 'Library',
    keys: [']'],
    scope: ['project'],
    perform: ({ state, commands }) => commands.setPage(state.page + 1),
  },
  {
    id: 'library.prevPage',
    label: 'Previous page',
    group: 'Library',
    keys: ['['],
    scope: ['project'],
    perform: ({ state, commands }) => commands.setPage(state.page - 1),
  },
  {
    id: 'image.next',
    label: 'Next image',
    group: 'Image',
    keys: ['d', 'ArrowRight'],
    scope: ['image'],
    perform: ({ commands }) => commands.requestStep('next'),
  },
  {
    id: 'image.prev',
    label: 'Previous image',
    group: 'Image',
    keys: ['a', 'ArrowLeft'],
    scope: ['image'],
    perform: ({ commands }) => commands.requestStep('prev'),
  },
  {
    id: 'image.back',
    label: 'Back to the library',
    group: 'Image',
    keys: ['Escape'],
    scope: ['image'],
    perform: ({ state, commands }) => {
      if (state.route.name === 'image') commands.go({ name: 'project', path: state.route.path });
    },
  },
  statusAction('new', 'Mark as new', 'shift+n'),
  statusAction('in_progress', 'Mark as in progress', 'shift+i'),
  statusAction('review', 'Mark for review', 'shift+r'),
  statusAction('done', 'Mark as done', 'shift+d'),
  statusAction('skipped', 'Mark as skipped', 'shift+s'),
];

export const ACTION_GROUPS: readonly ActionGroup[] = ['General', 'Library', 'Image', 'Status'];

export function actionById(id: string): Action | undefined {
  return ACTIONS.find((a) => a.id === id);
}

export function inScope(action: Action, route: RouteName): boolean {
  return action.scope === 'any' || action.scope.includes(route);
}
