// Select and move: a click picks the annotation under the pointer (shift adds or removes it), a drag moves it.
// On a selected shape, dragging a box corner or a polygon vertex reshapes it, dragging an edge midpoint inserts
// a vertex, and alt-click on a vertex deletes it. Each drag is one undo step; bad shapes are refused.
import type { Geometry } from '../../../../shared/domain';
import { polygonShapeProblem } from '../../../../shared/annotation-geometry';
import { isLocked, type EditorState } from '../editor-state';
import { translate, updateShape, type Edit } from '../edits';
import { checkBox, clampPoint } from '../shapes';
import { dragHandle, removeVertex, type Handle } from './handles';
import { CLICK_SLOP, NOTHING, screenDistance, type Tool } from './types';

function reshape(s: EditorState, handle: Handle, geometry: Geometry | null): Edit {
  if (!geometry) return { ok: false, reason: 'A polygon keeps at least 3 points.' };
  if (geometry.kind === 'box') {
    const box = checkBox(geometry.box, s.width, s.height);
    return box.ok ? updateShape(s, handle.id, { kind: 'box', box: box.value }) : box;
  }
  if (geometry.kind === 'polygon') {
    const problem = polygonShapeProblem(geometry.rings);
    if (problem) return { ok: false, reason: problem };
  }
  return updateShape(s, handle.id, geometry);
}

export const selectTool: Tool<'select'> = {
  id: 'select',
  label: 'Select and move',
  key: 'v',
  cursor: 'default',
  hint: (s) =>
    s.selection.length > 0
      ? 'Drag to move · drag corners or vertices to reshape, edge midpoints to add a vertex · alt-click a vertex removes it · Del deletes · 1-9 relabels'
      : 'Click an annotation to select it · shift-click adds to the selection',
  down(s, p) {
    if (p.button !== 0) return NOTHING;
    const h = p.handle;
    if (h) {
      if (isLocked(s, h.id))
        return {
          notice: { kind: 'error', text: 'The annotation is locked: unlock it in the list to edit it.' },
        };
      const a = s.annotations.find((x) => x.id === h.id);
      if (a && h.kind === 'vertex' && p.alt)
        return { edit: reshape(s, h, removeVertex(a.geometry, h.ring, h.index)) };
      return { draft: { kind: 'handle', handle: h, start: p.point, end: p.point } };
    }
    if (p.targetId === null) return p.shift ? NOTHING : { select: { ids: [], additive: false } };
    const additive = p.shift;
    const keep = !additive && s.selection.includes(p.targetId);
    const canMove = !isLocked(s, p.targetId);
    return {
      ...(keep ? {} : { select: { ids: [p.targetId], additive } }),
      draft: canMove && !additive ? { kind: 'move', id: p.targetId, start: p.point, end: p.point } : null,
    };
  },
  move(s, p) {
    const d = s.draft;
    if (d?.kind !== 'move' && d?.kind !== 'handle') return NOTHING;
    return { draft: { ...d, end: clampPoint(p.point, s.width, s.height) } };
  },
  up(s, p) {
    const d = s.draft;
    if (d?.kind !== 'move' && d?.kind !== 'handle') return NOTHING;
    if (screenDistance(d.start, p.point, p.scale) < CLICK_SLOP) return { draft: null };
    if (d.kind === 'move')
      return { draft: null, edit: translate(s, d.id, p.point[0] - d.start[0], p.point[1] - d.start[1]) };
    const a = s.annotations.find((x) => x.id === d.handle.id);
    if (!a) return { draft: null };
    const to = clampPoint(p.point, s.width, s.height);
    return { draft: null, edit: reshape(s, d.handle, dragHandle(a.geometry, d.handle, to)) };
  },
};
