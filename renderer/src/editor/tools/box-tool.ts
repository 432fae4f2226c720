// Box annotations: press, drag, release. A box reaching past the image is clipped; one with no area is refused.
import { addShape } from '../edits';
import { moveBoxDrag, releasedBox, startBoxDrag } from './box-drag';
import { NOTHING, type Tool } from './types';

export const boxTool: Tool<'box'> = {
  id: 'box',
  label: 'Box',
  key: 'b',
  cursor: 'crosshair',
  hint: () => 'Drag a rectangle around the object · the selected box has corner handles',
  down(s, p) {
    if (p.button !== 0) return NOTHING;
    return startBoxDrag(s, p, false, 'Start the box inside the image.');
  },
  move: moveBoxDrag,
  up(s, p) {
    const d = s.draft;
    if (d?.kind !== 'box') return NOTHING;
    const box = releasedBox(s, d, p);
    if (!box.ok) return { draft: null, notice: { kind: 'error', text: box.reason } };
    return {
      draft: null,
      edit: addShape(s, { kind: 'box', box: box.value }),
      notice: box.clipped ? { kind: 'info', text: 'The box was clipped to the image.' } : null,
    };
  },
};
