// Mask brush and eraser: a stroke is drawn live as a thick line and applied to the mask on release, as one undo
// step. The brush paints into the selected mask or starts a new one; the eraser needs a selected mask.
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
      `${erase ? 'Drag to erase from the selected mask' : 'Drag to paint the selected mask (or a new one)'} · size ${s.brushSize} px ([ and ] change it)`,
    down(_s: EditorState, p: ToolPointer) {
      if (p.button !== 0) return NOTHING;
      return { draft: { kind: 'stroke', points: [p.point], erase } };
    },
    move(s: EditorState, p: ToolPointer) {
      if (s.draft?.kind !== 'stroke') return NOTHING;
      const last = s.draft.points[s.draft.points.length - 1]!;
      // Points closer than a screen pixel add nothing but work.
      if (Math.hypot(p.point[0] - last[0], p.point[1] - last[1]) * p.scale < 1) return NOTHING;
      return { draft: { ...s.draft, points: [...s.draft.points, p.point] } };
    },
    up(s: EditorState) {
      if (s.draft?.kind !== 'stroke') return NOTHING;
      return { draft: null, edit: brushStroke(s, { points: s.draft.points, size: s.brushSize, erase }) };
    },
  };
}

export const brushTool = strokeTool(false);
export const eraserTool = strokeTool(true);
