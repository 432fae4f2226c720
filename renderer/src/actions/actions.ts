// Every keyboard-reachable command, once: its id, label, shortcut(s), where it applies and what it does.
// The '?' overlay, the key handler and the shortcut hints on buttons all read this table, so a shortcut is
// never written twice. `perform` gets the commands it may use, which keeps this file free of side effects.
import type { ImageStatus } from '../../../shared/domain';
import { HOTKEYS } from '../../../shared/labels';
import type { EditorState } from '../editor/editor-state';
import { setBrushSize } from '../editor/editor-state';
import type { EditorCommands } from '../editor/editor-store';
import { TOOLS } from '../editor/tools';
import { actualSize, fit, zoomIn, zoomOut } from '../canvas/view-store';
import { worstListOpen } from '../eval/worst-store';
import type { RouteName } from '../routing/routes';
import type { AppState } from '../state/app-state';
import type { Commands } from '../state/commands';

export type ActionGroup =
  'General' | 'Library' | 'Image' | 'Tools' | 'Edit' | 'View' | 'Status' | 'Review' | 'Evaluation';

export interface ActionContext {
  state: AppState;
  commands: Commands;
  editor: EditorCommands;
  /** The key that was pressed, for actions bound to a range of keys (label hotkeys 1-9). */
  key?: string;
}

export interface Action {
  id: string;
  label: string;
  group: ActionGroup;
  /** Shortcut bindings (see keys.ts); the first is the one shown on buttons. */
  keys: readonly string[];
  /** The screens where the shortcut works. */
  scope: readonly RouteName[] | 'any';
  /** When the action applies at all (the shortcut is ignored otherwise); `editor` is the open image's editor. */
  when?: (state: AppState, editor: EditorState | null) => boolean;
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
    id: 'frame.next',
    label: 'Next frame of the sequence',
    group: 'Image',
    keys: ['.'],
    scope: ['image'],
    perform: ({ commands }) => commands.sequence.stepFrame('next'),
  },
  {
    id: 'frame.prev',
    label: 'Previous frame of the sequence',
    group: 'Image',
    keys: [','],
    scope: ['image'],
    perform: ({ commands }) => commands.sequence.stepFrame('prev'),
  },
  {
    id: 'frame.play',
    label: 'Play or pause the sequence',
    group: 'Image',
    keys: ['k'],
    scope: ['image'],
    perform: ({ commands }) => commands.sequence.togglePlay(),
  },
  {
    id: 'image.back',
    label: 'Cancel the drawing, drop the model masks, clear the selection, else back to the library',
    group: 'Image',
    keys: ['Escape'],
    scope: ['image'],
    perform: ({ state, commands, editor }) => {
      if (editor.cancel()) return;
      if (state.route.name === 'image') commands.go({ name: 'project', path: state.route.path });
    },
  },
  ...TOOLS.map((tool): Action => ({
    id: `tool.${tool.id}`,
    label: tool.label,
    group: 'Tools',
    keys: [tool.key],
    scope: ['image'],
    perform: ({ editor }) => editor.chooseTool(tool.id),
  })),
  {
    id: 'label.pick',
    label: 'Pick the label with that hotkey (relabels the selection)',
    group: 'Tools',
    keys: HOTKEYS.map(String),
    scope: ['image'],
    perform: ({ state, editor, key }) => editor.labelHotkey(Number(key), state.labels),
  },
  {
    id: 'brush.smaller',
    label: 'Smaller brush',
    group: 'Tools',
    keys: ['['],
    scope: ['image'],
    perform: ({ editor }) => editor.update((s) => setBrushSize(s, s.brushSize / 1.25)),
  },
  {
    id: 'brush.larger',
    label: 'Larger brush',
    group: 'Tools',
    keys: [']'],
    scope: ['image'],
    perform: ({ editor }) => editor.update((s) => setBrushSize(s, s.brushSize * 1.25 + 1)),
  },
  {
    id: 'edit.undo',
    label: 'Undo',
    group: 'Edit',
    keys: ['mod+z'],
    scope: ['image'],
    perform: ({ editor }) => editor.undo(),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'Edit',
    keys: ['mod+shift+z', 'mod+y'],
    scope: ['image'],
    perform: ({ editor }) => editor.redo(),
  },
  {
    id: 'edit.confirm',
    label: 'Close the polygon, accept the model mask, or accept the selected proposals',
    group: 'Edit',
    keys: ['Enter'],
    scope: ['image'],
    perform: ({ editor }) => editor.confirm(),
  },
  {
    id: 'edit.acceptAll',
    label: 'Accept all proposals on the image',
    group: 'Edit',
    keys: ['shift+Enter'],
    scope: ['image'],
    perform: ({ editor }) => editor.acceptAllProposals(),
  },
  {
    id: 'edit.delete',
    label: 'Delete the selection (while drawing a polygon: its last point)',
    group: 'Edit',
    keys: ['Delete', 'Backspace'],
    scope: ['image'],
    perform: ({ editor }) => editor.deleteSelection(),
  },
  {
    id: 'edit.newPrompt',
    label: 'New prompt (clears the points and box)',
    group: 'Edit',
    keys: ['n'],
    scope: ['image'],
    perform: ({ editor }) => editor.newPrompt(),
  },
  {
    id: 'edit.nextCandidate',
    label: 'Next model mask',
    group: 'Edit',
    keys: ['Tab'],
    scope: ['image'],
    when: (_s, ed) => ed?.candidates != null,
    perform: ({ editor }) => editor.cycleCandidate(1),
  },
  {
    id: 'edit.prevCandidate',
    label: 'Previous model mask',
    group: 'Edit',
    keys: ['shift+Tab'],
    scope: ['image'],
    when: (_s, ed) => ed?.candidates != null,
    perform: ({ editor }) => editor.cycleCandidate(-1),
  },
  {
    id: 'edit.reject',
    label: 'Reject the selected proposals',
    group: 'Edit',
    keys: ['x'],
    scope: ['image'],
    perform: ({ editor }) => editor.rejectSelection(),
  },
  {
    id: 'edit.hide',
    label: 'Hide or show the selection',
    group: 'Edit',
    keys: ['h'],
    scope: ['image'],
    perform: ({ editor }) => editor.toggleSelection('hidden'),
  },
  {
    id: 'edit.lock',
    label: 'Lock or unlock the selection',
    group: 'Edit',
    keys: ['l'],
    scope: ['image'],
    perform: ({ editor }) => editor.toggleSelection('locked'),
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom in',
    group: 'View',
    keys: ['+', '='],
    scope: ['image'],
    perform: () => zoomIn(),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom out',
    group: 'View',
    keys: ['-'],
    scope: ['image'],
    perform: () => zoomOut(),
  },
  {
    id: 'view.fit',
    label: 'Fit the image',
    group: 'View',
    keys: ['f', 'mod+0'],
    scope: ['image'],
    perform: () => fit(),
  },
  {
    id: 'view.actual',
    label: 'Actual size (1:1)',
    group: 'View',
    keys: ['o'],
    scope: ['image'],
    perform: () => actualSize(),
  },
  statusAction('new', 'Mark as new', 'shift+n'),
  statusAction('in_progress', 'Mark as in progress', 'shift+i'),
  statusAction('review', 'Mark for review', 'shift+r'),
  statusAction('done', 'Mark as done', 'shift+d'),
  statusAction('skipped', 'Mark as skipped', 'shift+s'),
  ...reviewActions(),
  ...evalActions(),
];

/** The review screen's keys: decide on the proposal in focus or the whole image, and walk the queue. */
function reviewActions(): Action[] {
  const review = (
    id: string,
    label: string,
    keys: string[],
    perform: (c: Commands['review']) => void,
  ): Action => ({
    id: `review.${id}`,
    label,
    group: 'Review',
    keys,
    scope: ['review'],
    perform: ({ commands }) => perform(commands.review),
  });
  return [
    review('accept', 'Accept the proposal', ['a'], (c) => void c.decideCurrent('accept')),
    review('reject', 'Reject the proposal', ['r', 'x'], (c) => void c.decideCurrent('reject')),
    review('reset', 'Back to "to review"', ['u'], (c) => void c.decideCurrent('reset')),
    review('edit', 'Edit the proposal on the canvas', ['e', 'Enter'], (c) => c.editCurrent()),
    review(
      'acceptImage',
      'Accept every proposal shown on the image',
      ['shift+a'],
      (c) => void c.decideWholeImage('accept'),
    ),
    review(
      'rejectImage',
      'Reject every proposal shown on the image',
      ['shift+r'],
      (c) => void c.decideWholeImage('reject'),
    ),
    review('nextProposal', 'Next proposal', ['j', 'ArrowDown'], (c) => c.moveProposal(1)),
    review('prevProposal', 'Previous proposal', ['k', 'ArrowUp'], (c) => c.moveProposal(-1)),
    review('nextImage', 'Next image to review', ['n', 'ArrowRight'], (c) => void c.goToNextImage('next')),
    review('prevImage', 'Previous image to review', ['p', 'ArrowLeft'], (c) => void c.goToNextImage('prev')),
  ];
}

/** The evaluation screen's keys: walk a row's worst objects, open one in the editor, close the list. */
function evalActions(): Action[] {
  const evaluation = (
    id: string,
    label: string,
    keys: string[],
    perform: (c: Commands['evaluation']) => void,
  ): Action => ({
    id: `eval.${id}`,
    label,
    group: 'Evaluation',
    keys,
    scope: ['eval'],
    when: () => worstListOpen(),
    perform: ({ commands }) => perform(commands.evaluation),
  });
  return [
    evaluation('nextObject', 'Next of the worst objects', ['j'], (c) => c.moveObject(1)),
    evaluation('prevObject', 'Previous of the worst objects', ['k'], (c) => c.moveObject(-1)),
    evaluation('openObject', 'Open the object in the editor', ['e'], (c) => c.openChosen()),
    evaluation('closeObjects', 'Close the worst objects', ['Escape'], (c) => c.closeObjects()),
  ];
}

export const ACTION_GROUPS: readonly ActionGroup[] = [
  'General',
  'Library',
  'Image',
  'Tools',
  'Edit',
  'View',
  'Status',
  'Review',
  'Evaluation',
];

export function actionById(id: string): Action | undefined {
  return ACTIONS.find((a) => a.id === id);
}

export function inScope(action: Action, route: RouteName): boolean {
  return action.scope === 'any' || action.scope.includes(route);
}
