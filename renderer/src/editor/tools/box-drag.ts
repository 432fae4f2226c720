// A box drawn by dragging, shared by the box tool (an annotation) and the point tool (the prompt's box): the press
// starts it inside the image, the pointer moves its free corner, the release gives it clipped to the image.
import type { Draft, EditorState } from '../editor-state';
import { insideImage } from '../../../../shared/annotation-geometry';
import { checkBox } from '../shapes';
import { NOTHING, type ToolOutcome, type ToolPointer } from './types';

/** Starts the drag at the press; a press outside the image is refused with `outsideText`. */
export function startBoxDrag(
  s: EditorState,
  p: ToolPointer,
  prompt: boolean,
  outsideText: string,
): ToolOutcome {
  if (!insideImage(p.point, s.width, s.height)) return { notice: { kind: 'error', text: outsideText } };
  return { draft: { kind: 'box', start: p.point, end: p.point, prompt } };
}

/** Moves the dragged box's free corner to the pointer. */
export function moveBoxDrag(s: EditorState, p: ToolPointer): ToolOutcome {
  if (s.draft?.kind !== 'box') return NOTHING;
  return { draft: { ...s.draft, end: p.point } };
}

/** The box from the drag's start to the release, clipped to the image, or why it is refused. */
export function releasedBox(s: EditorState, d: Extract<Draft, { kind: 'box' }>, p: ToolPointer) {
  return checkBox([d.start[0], d.start[1], p.point[0], p.point[1]], s.width, s.height);
}
