// Box annotations: press, drag, release. A box reaching past the image is clipped; one with no area is refused.
import { addShape } from '../editor/edits';
import { checkBox, insideImage } from '../editor/shapes';
import { NOTHING, type Tool } from './types';

export const boxTool: Tool = {
  id: 'box',
  label: 'Box',
  key: 'b',
  cursor: 'crosshair',
  hint: () => 'Drag a rectangle around the object · the selected box has corner handles',
  down(s, p) {
    if (p.button !== 0) return NOTHING;
    if (!insideImage(p.point, s.width, s.height))
      return { notice: { kind: 'error', text: 'Start the box inside the image.' } };
    return { draft: { kind: 'box', start: p.point, end: p.point, prompt: false } };
  },
  move(s, p) {
    if (s.draft?.kind !== 'box') return NOTHING;
    return { draft: { ...s.draft, end: p.point } };
  },
  up(s, p) {
    const d = s.draft;
    if (d?.kind !== 'box') return NOTHING;
    const box = checkBox([d.start[0], d.start[1], p.point[0], p.point[1]], s.width, s.height);
    if (!box.ok) return { draft: null, notice: { kind: 'error', text: box.reason } };
    return {
      draft: null,
      edit: addShape(s, { kind: 'box', box: box.value }),
      notice: box.clipped ? { kind: 'info', text: 'The box was clipped to the image.' } : null,
    };
  },
};
