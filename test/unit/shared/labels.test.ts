import { describe, expect, it } from 'vitest';
import {
  HOTKEYS,
  LABEL_PALETTE,
  labelFieldProblem,
  nextFreeHotkey,
  nextLabelColor,
  sameLabelName,
} from '../../../shared/labels';

describe('label fields', () => {
  it.each<[string, Parameters<typeof labelFieldProblem>[0], string | null]>([
    ['nothing to check', {}, null],
    ['a full label', { name: 'car', color: '#1F77b4', hotkey: 9 }, null],
    ['no hotkey', { name: 'car', hotkey: null }, null],
    ['an empty name', { name: '  ' }, 'A label needs a name.'],
    ['a named colour', { color: 'red' }, 'Label colours are written like #1f77b4; got "red".'],
    ['a short hex colour', { color: '#fff' }, 'Label colours are written like #1f77b4; got "#fff".'],
    ['hotkey 0', { hotkey: 0 }, 'Label hotkeys are the keys 1 to 9; got 0.'],
    ['hotkey 10', { hotkey: 10 }, 'Label hotkeys are the keys 1 to 9; got 10.'],
    ['a fractional hotkey', { hotkey: 1.5 }, 'Label hotkeys are the keys 1 to 9; got 1.5.'],
  ])('%s', (_, fields, problem) => {
    expect(labelFieldProblem(fields)).toBe(problem);
  });
});

describe('label names', () => {
  it.each([
    ['car', 'car', true],
    ['Car', 'car', false],
    ['Car', 'CAR', false],
    ['café', 'cafe', false],
    ['car', 'cars', false],
  ])('%s and %s are one label: %s', (a, b, same) => {
    expect(sameLabelName(a, b)).toBe(same);
  });
});

describe('new labels', () => {
  it.each<[string, string[], string]>([
    ['the first colour for the first label', [], LABEL_PALETTE[0]],
    ['the next unused colour, whatever the case', [LABEL_PALETTE[0].toUpperCase()], LABEL_PALETTE[1]],
    ['a gap left by a deleted label', [LABEL_PALETTE[0], LABEL_PALETTE[2]], LABEL_PALETTE[1]],
    ['the palette again once all are used', [...LABEL_PALETTE, '#000000'], LABEL_PALETTE[1]],
  ])('get %s', (_, colors, next) => {
    expect(nextLabelColor(colors.map((color) => ({ color })))).toBe(next);
  });

  it.each<[(number | null)[], number | null]>([
    [[], 1],
    [[1, 3, null], 2],
    [[...HOTKEYS], null],
  ])('with hotkeys %j taken get %s', (taken, next) => {
    expect(nextFreeHotkey(taken.map((hotkey) => ({ hotkey })))).toBe(next);
  });
});
