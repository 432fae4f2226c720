// The contract of a canvas tool: a small state machine over pointer events. A tool reads the editor state and
// returns what should happen (the next draft, an edit to run, a selection, a notice); it never calls anything.
import type { Point } from '../../../../shared/domain';
import type { Draft, EditorState, Notice } from '../editor-state';
import type { Edit } from '../edits';
import type { Handle } from './handles';
import type { ToolId } from './index';

export interface ToolPointer {
  /** Image pixel coordinates, not clipped (a click may fall outside the image). */
  point: Point;
  /** 0 = left, 1 = middle, 2 = right. */
  button: number;
  alt: boolean;
  shift: boolean;
  /** Screen pixels per image pixel, for distances that should feel the same at every zoom. */
  scale: number;
  /** The topmost visible annotation under the pointer, if any. */
  targetId: number | null;
  /** The edit handle of a selected shape under the pointer, if any. */
  handle: Handle | null;
}

export interface ToolOutcome {
  /** The new draft; undefined leaves it as it is. */
  draft?: Draft | null;
  edit?: Edit;
  select?: { ids: number[]; additive: boolean };
  notice?: Notice | null;
}

/** A tool; `Id` is its own id, so the list of tools (index.ts) is where the ids come from. */
export interface Tool<Id extends string = ToolId> {
  id: Id;
  label: string;
  /** The shortcut that picks the tool. */
  key: string;
  cursor: string;
  /** What to do next, shown under the canvas. */
  hint(state: EditorState): string;
  down(state: EditorState, p: ToolPointer): ToolOutcome;
  move(state: EditorState, p: ToolPointer): ToolOutcome;
  up(state: EditorState, p: ToolPointer): ToolOutcome;
  /** Enter: finish the draft (close a polygon). */
  complete?(state: EditorState): ToolOutcome;
  /** Backspace while drawing: take back the last step of the draft. */
  back?(state: EditorState): ToolOutcome;
}

export const NOTHING: ToolOutcome = {};

/** How far (in screen pixels) a press may wander and still count as a click. */
export const CLICK_SLOP = 4;

export function screenDistance(a: Point, b: Point, scale: number): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]) * scale;
}
