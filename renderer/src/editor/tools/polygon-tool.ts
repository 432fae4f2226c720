// Polygons: click the vertices; click the first vertex again (or press Enter) to close; Backspace takes back the
// last vertex; Esc drops the drawing. Points outside the image are pulled to its edge. Editing vertices of a
// finished polygon happens through the handles of the select tool.
import type { Point } from '../../../../shared/domain';
import { plural } from '../../../../shared/counts';
import { addShape } from '../edits';
import type { EditorState } from '../editor-state';
import { checkPolygon, clampPoint } from '../shapes';
import { NOTHING, screenDistance, type Tool, type ToolOutcome } from './types';

/** Screen pixels within which a click on the first vertex closes the polygon. */
export const CLOSE_DISTANCE = 8;

function close(s: EditorState, points: Point[]): ToolOutcome {
  const ring = checkPolygon(points, s.width, s.height);
  if (!ring.ok) return { notice: { kind: 'error', text: ring.reason } };
  return { draft: null, edit: addShape(s, { kind: 'polygon', rings: [ring.value] }) };
}

export const polygonTool: Tool<'polygon'> = {
  id: 'polygon',
  label: 'Polygon',
  key: 'g',
  cursor: 'crosshair',
  hint: (s) =>
    s.draft?.kind === 'polygon'
      ? `${plural(s.draft.points.length, 'point')} · click the first point or press Enter to close · Backspace removes the last · Esc cancels`
      : 'Click to place the first vertex',
  down(s, p) {
    if (p.button !== 0) return NOTHING;
    const point = clampPoint(p.point, s.width, s.height);
    const d = s.draft?.kind === 'polygon' ? s.draft : null;
    if (!d) return { draft: { kind: 'polygon', points: [point], hover: point } };
    const first = d.points[0]!;
    if (d.points.length >= 3 && screenDistance(first, p.point, p.scale) <= CLOSE_DISTANCE)
      return close(s, d.points);
    const last = d.points[d.points.length - 1]!;
    if (last[0] === point[0] && last[1] === point[1]) return NOTHING;
    return { draft: { ...d, points: [...d.points, point], hover: point } };
  },
  move(s, p) {
    if (s.draft?.kind !== 'polygon') return NOTHING;
    return { draft: { ...s.draft, hover: clampPoint(p.point, s.width, s.height) } };
  },
  up: () => NOTHING,
  complete(s) {
    return s.draft?.kind === 'polygon' ? close(s, s.draft.points) : NOTHING;
  },
  back(s) {
    if (s.draft?.kind !== 'polygon') return NOTHING;
    const points = s.draft.points.slice(0, -1);
    return { draft: points.length ? { ...s.draft, points } : null };
  },
};
