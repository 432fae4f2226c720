// How a tool's outcome changes the editor: draft, then the edit, then the selection (which may name what the edit
// made: the mask a brush stroke started), then the notice (so a note such as "clipped to the image" outlives the
// edit it comments on). Returns the command that ran, for saving.
import { execute, select, setNotice, type Command, type EditorState } from '../editor-state';
import type { ToolOutcome } from './types';

export function reduceOutcome(
  state: EditorState,
  o: ToolOutcome,
): { state: EditorState; ran: Command | null } {
  let s = state;
  if (o.draft !== undefined) s = { ...s, draft: o.draft };
  let ran: Command | null = null;
  if (o.edit?.ok) {
    ran = o.edit.command;
    s = execute(s, ran);
  } else if (o.edit) {
    s = setNotice(s, { kind: 'error', text: o.edit.reason });
  }
  if (o.select) s = select(s, o.select.ids, o.select.additive);
  if (o.notice !== undefined && !(o.edit && !o.edit.ok)) s = setNotice(s, o.notice);
  return { state: s, ran };
}
