// Point prompts for the segmentation model: left click = positive (foreground), right or alt-click = negative
// (background); a drag draws the prompt's box instead. Every change is an undoable prompt edit.
import { editPrompt } from '../edits';
import { MAX_PROMPT_POINTS } from '../../../../shared/api/prompts';
import { plural } from '../../../../shared/counts';
import { moveBoxDrag, releasedBox, startBoxDrag } from './box-drag';
import { CLICK_SLOP, NOTHING, screenDistance, type Tool } from './types';

export const pointTool: Tool<'point'> = {
  id: 'point',
  label: 'Prompt points and box',
  key: 'p',
  cursor: 'crosshair',
  hint: (s) =>
    s.prompt.points.length === 0 && !s.prompt.box
      ? 'Click the object (right or alt-click: background) · drag to give a box'
      : `${plural(s.prompt.points.length, 'point')}${s.prompt.box ? ' + box' : ''} · Enter accepts the mask · N starts a new prompt`,
  down(s, p) {
    if (p.button === 1) return NOTHING;
    return startBoxDrag(s, p, true, 'Click inside the image to place a prompt point.');
  },
  move: moveBoxDrag,
  up(s, p) {
    const d = s.draft;
    if (d?.kind !== 'box') return NOTHING;
    if (screenDistance(d.start, p.point, p.scale) >= CLICK_SLOP) {
      const box = releasedBox(s, d, p);
      if (!box.ok) return { draft: null, notice: { kind: 'error', text: box.reason } };
      return { draft: null, edit: editPrompt(s, { ...s.prompt, box: box.value }, 'Prompt box') };
    }
    if (s.prompt.points.length >= MAX_PROMPT_POINTS)
      return {
        draft: null,
        notice: { kind: 'error', text: `A prompt holds at most ${MAX_PROMPT_POINTS} points.` },
      };
    const positive = !(p.alt || p.button === 2);
    const points = [...s.prompt.points, { point: d.start, positive }];
    return {
      draft: null,
      edit: editPrompt(s, { ...s.prompt, points }, positive ? 'Positive point' : 'Negative point'),
    };
  },
};
