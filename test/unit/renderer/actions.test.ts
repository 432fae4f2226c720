import { describe, expect, it } from 'vitest';
import { ACTIONS, inScope, type Action } from '../../../renderer/src/actions/actions';
import {
  bindingCaps,
  matchesBinding,
  normalizeBinding,
  parseBinding,
  type KeyLike,
} from '../../../renderer/src/actions/keys';
import type { RouteName } from '../../../renderer/src/routing/routes';

const ROUTES: RouteName[] = ['home', 'project', 'image', 'settings', 'jobs', 'review', 'eval'];
const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the actions table', () => {
  it('has unique ids', () => {
    const ids = ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never binds one shortcut to two actions on the same screen', () => {
    for (const route of ROUTES) {
      const seen = new Map<string, Action>();
      for (const action of ACTIONS.filter((a) => inScope(a, route))) {
        for (const binding of action.keys) {
          const norm = normalizeBinding(binding);
          const other = seen.get(norm);
          expect(other, `'${binding}' on ${route}: ${other?.id} and ${action.id}`).toBeUndefined();
          seen.set(norm, action);
        }
      }
    }
  });

  it('every binding parses and has a label', () => {
    for (const action of ACTIONS) {
      expect(action.label.length).toBeGreaterThan(0);
      for (const binding of action.keys) expect(() => parseBinding(binding)).not.toThrow();
    }
  });

  it('has the image navigation keys of the spec', () => {
    const next = ACTIONS.find((a) => a.id === 'image.next')!;
    const prev = ACTIONS.find((a) => a.id === 'image.prev')!;
    expect(next.keys).toEqual(expect.arrayContaining(['d', 'ArrowRight']));
    expect(prev.keys).toEqual(expect.arrayContaining(['a', 'ArrowLeft']));
    expect(ACTIONS.find((a) => a.id === 'image.back')!.keys).toContain('Escape');
    expect(ACTIONS.find((a) => a.id === 'help.toggle')!.keys).toContain('?');
  });
});

describe('key bindings', () => {
  it('matches letters case-insensitively with shift exact', () => {
    expect(matchesBinding('d', key('d'))).toBe(true);
    expect(matchesBinding('d', key('D', { shiftKey: true }))).toBe(false);
    expect(matchesBinding('shift+d', key('D', { shiftKey: true }))).toBe(true);
    expect(matchesBinding('d', key('d', { ctrlKey: true }))).toBe(false);
    expect(matchesBinding('mod+a', key('a', { metaKey: true }))).toBe(true);
    expect(matchesBinding('mod+a', key('a', { ctrlKey: true }))).toBe(true);
  });

  it('ignores the shift a symbol needs', () => {
    expect(matchesBinding('?', key('?', { shiftKey: true }))).toBe(true);
    expect(matchesBinding('mod+,', key(',', { ctrlKey: true }))).toBe(true);
    expect(matchesBinding('ArrowRight', key('ArrowRight', { shiftKey: true }))).toBe(false);
    expect(matchesBinding('Escape', key('Escape'))).toBe(true);
  });

  it('normalises and shows key caps', () => {
    expect(normalizeBinding('Shift+D')).toBe('shift+d');
    expect(normalizeBinding('shift+mod+x')).toBe('mod+shift+x');
    expect(bindingCaps('mod+shift+d', false)).toEqual(['Ctrl', 'Shift', 'D']);
    expect(bindingCaps('mod+,', true)).toEqual(['⌘', ',']);
    expect(bindingCaps('ArrowLeft', false)).toEqual(['←']);
    expect(() => parseBinding('hyper+x')).toThrow(/modifier/);
  });
});
