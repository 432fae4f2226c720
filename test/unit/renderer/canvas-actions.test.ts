import { describe, expect, it } from 'vitest';
import { ACTIONS, inScope } from '../../../renderer/src/actions/actions';
import { matchesBinding, type KeyLike } from '../../../renderer/src/actions/keys';
import { TOOLS } from '../../../renderer/src/editor/tools';

const press = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

/** The action a key press runs on the image screen, as useShortcuts picks it (first match). */
const onImage = (event: KeyLike) =>
  ACTIONS.find((a) => inScope(a, 'image') && a.keys.some((k) => matchesBinding(k, event)))?.id;

describe('canvas shortcuts', () => {
  it.each<[string, KeyLike, string]>([
    ['N', press('n'), 'edit.newPrompt'],
    ['Enter', press('Enter'), 'edit.confirm'],
    ['Esc', press('Escape'), 'image.back'],
    ['Del', press('Delete'), 'edit.delete'],
    ['Backspace', press('Backspace'), 'edit.delete'],
    ['Ctrl+Z', press('z', { ctrlKey: true }), 'edit.undo'],
    ['Ctrl+Shift+Z', press('Z', { ctrlKey: true, shiftKey: true }), 'edit.redo'],
    ['Ctrl+Y', press('y', { ctrlKey: true }), 'edit.redo'],
    ['A', press('a'), 'image.prev'],
    ['D', press('d'), 'image.next'],
    ['←', press('ArrowLeft'), 'image.prev'],
    ['→', press('ArrowRight'), 'image.next'],
    ['5', press('5'), 'label.pick'],
    ['[', press('['), 'brush.smaller'],
    [']', press(']'), 'brush.larger'],
    ['+', press('+', { shiftKey: true }), 'view.zoomIn'],
    ['-', press('-'), 'view.zoomOut'],
    ['Tab', press('Tab'), 'edit.nextCandidate'],
    ['Shift+Tab', press('Tab', { shiftKey: true }), 'edit.prevCandidate'],
  ])('%s on the image screen', (_name, event, id) => {
    expect(onImage(event)).toBe(id);
  });

  it('every tool has its key in the table, and shift-letters stay the status keys', () => {
    for (const tool of TOOLS) expect(onImage(press(tool.key))).toBe(`tool.${tool.id}`);
    expect(onImage(press('D', { shiftKey: true }))).toBe('status.done');
    expect(onImage(press('N', { shiftKey: true }))).toBe('status.new');
  });
});
