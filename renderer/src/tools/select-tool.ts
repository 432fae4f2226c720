// Select and move: a click picks the annotation under the pointer (shift adds or removes it), a drag moves it.
// Box corners and polygon vertices of the selection have their own handles (canvas/EditHandles.tsx).
import { translate } from '../editor/edits';
import { CLICK_SLOP, NOTHING, screenDistance, type Tool } from './types';

export const selectTool: Tool = {
  id: 'select',
  label: 'Select and move',
  key: 'v',
  cursor: 'default',
  hint: (s) =>
    s.selection.length > 0
      ? 'Drag to move · drag handles to reshape · Del deletes · 1-9 relabels · Esc clears'
      : 'Click an annotation to select it · shift-click adds to the selection',
  down(s, p) {
    if (p.button !== 0) return NOTHING;
    if (p.targetId === null) return p.shift ? NOTHING : { select: { ids: [], additive: false } };
    const additive = p.shift;
    const keep = !additive && s.selection.includes(p.targetId);
    const canMove = !s.locked.includes(p.targetId);
    return {
      ...(keep ? {} : { select: { ids: [p.targetId], additive } }),
      draft: canMove && !additive ? { kind: 'move', id: p.targetId, start: p.point, end: p.point } : null,
    };
  },
  move(s, p) {
    if (s.draft?.kind !== 'move') return NOTHING;
    return { draft: { ...s.draft, end: p.point } };
  },
  up(s, p) {
    const d = s.draft;
    if (d?.kind !== 'move') return NOTHING;
    if (screenDistance(d.start, p.point, p.scale) < CLICK_SLOP) return { draft: null };
    return { draft: null, edit: translate(s, d.id, p.point[0] - d.start[0], p.point[1] - d.start[1]) };
  },
};
