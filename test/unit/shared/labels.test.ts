import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HOTKEYS,
  LABEL_PALETTE,
  labelFieldProblem,
  nextFreeHotkey,
  nextLabelColor,
  sameLabelName,
} from '../../../shared/labels';
import { deltaE, hexLab, labPixels, type Lab } from '../../helpers/color-contrast';
import { DRIVING_SAMPLE, hasSharedAssets } from '../../helpers/shared-assets';

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

describe.skipIf(!hasSharedAssets)('the label palette on road scenes', () => {
  const FRAMES = [
    'bdd100k_ins_seg/620a7840-33cada02.jpg',
    'bdd100k_det/12305469-7a4947e7.jpg',
    'bdd100k_mots/00091078-875c1f73-0000166.jpg',
    'bdd100k_sem_seg/91051a8d-dc9c6637.jpg',
    'kitti_object/000000.png',
    'kitti_object/000003.png',
    'kitti_tracking/0001_000000.png',
    'nuscenes_coco/n015-2018-07-18-11-07-57+0800__CAM_BACK_LEFT__1531883530447423.jpg',
  ];
  let pixels: Lab[] = [];
  beforeAll(async () => {
    pixels = (await Promise.all(FRAMES.map((f) => labPixels(join(DRIVING_SAMPLE, f))))).flat();
  });

  it.each(LABEL_PALETTE.map((c, i) => [i + 1, c]))(
    'colour %i (%s) stands out: under 2 %% of pixels near it',
    (_i, color) => {
      const c = hexLab(color);
      const near = pixels.filter((p) => deltaE(p, c) < 25).length;
      expect(near / pixels.length).toBeLessThan(0.02);
    },
  );

  it('keeps any two colours apart', () => {
    const labs = LABEL_PALETTE.map(hexLab);
    for (let i = 0; i < labs.length; i++)
      for (let j = i + 1; j < labs.length; j++) expect(deltaE(labs[i]!, labs[j]!)).toBeGreaterThanOrEqual(30);
  });
});
