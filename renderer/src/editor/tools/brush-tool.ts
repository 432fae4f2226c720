// Mask brush and eraser: a stroke is drawn live as a thick line and applied to the mask on release, as one undo
// step. As in CVAT, strokes join the selected mask or the mask under them, and the mask painted stays selected, so
// the strokes of one object make one mask; Shift-drag starts a new mask. The eraser works on the same target.
import { brushStroke } from '../edits';
import type { EditorState } from '../editor-state';
import { NOTHING, type Tool, type ToolPointer } from './types';

function strokeTool(erase: boolean): Tool<'brush' | 'eraser'> {
  return {
    id: erase ? 'eraser' : 'brush',
    label: erase ? 'Mask eraser' : 'Mask brush',
    key: erase ? 'e' : 'm',
    cursor: 'none',
    hint: (s: EditorState) =>
      `${erase ? 'Drag to erase from the selected mask (or the one under the stroke)' : 'Drag to paint: joins the selected mask or the one under the stroke · Shift-drag starts a new mask'} · size ${s.brushSize} px ([ and ] change it)`,
    down(_s: EditorState, p: ToolPointer) {
      if (p.button !== 0) return NOTHING;
      return { draft: { kind: 'stroke', points: [p.point], erase, into: !erase && p.shift ? 'new' : null } };
    },
    move(s: EditorState, p: ToolPointer) {
      if (s.draft?.kind !== 'stroke') return NOTHING;
      const last = s.draft.points[s.draft.points.length - 1]!;
      // Points closer than a screen pixel add nothing but work.
      if (Math.hypot(p.point[0] - last[0], p.point[1] - last[1]) * p.scale < 1) return NOTHING;
      return { draft: { ...s.draft, points: [...s.draft.points, p.point] } };
    },
    up(s: EditorState) {
      const d = s.draft;
      if (d?.kind !== 'stroke') return NOTHING;
      const edit = brushStroke(s, { points: d.points, size: s.brushSize, erase, into: d.into });
      if (!edit.ok) return { draft: null, edit };
      // The mask painted stays selected, so the next stroke goes on with it (gone: nothing is selected).
      const change = edit.command.changes[0];
      return { draft: null, edit, select: { ids: change?.after ? [change.id] : [], additive: false } };
    },
  };
}

export const brushTool = strokeTool(false);
export const eraserTool = strokeTool(true);
