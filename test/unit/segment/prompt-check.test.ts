import { describe, expect, it } from 'vitest';
import { checkPrompt, extendsPrompt } from '../../../electron/segment/prompt-check';
import type { Box, Point, PromptInput } from '../../../shared/domain';

const pt = (x: number, y: number, positive = true) => ({ point: [x, y] as Point, positive });
const prompt = (points: ReturnType<typeof pt>[], box: Box | null = null): PromptInput => ({ points, box });

describe('extendsPrompt', () => {
  it.each([
    ['a point added to a point', prompt([pt(1, 1)]), prompt([pt(1, 1), pt(5, 5, false)]), true],
    ['a point added to a box', prompt([], [0, 0, 9, 9]), prompt([pt(3, 3)], [0, 0, 9, 9]), true],
    ['the same prompt again', prompt([pt(1, 1)]), prompt([pt(1, 1)]), false],
    ['a point removed (undo)', prompt([pt(1, 1), pt(2, 2)]), prompt([pt(1, 1)]), false],
    ['an earlier point moved', prompt([pt(1, 1)]), prompt([pt(1, 2), pt(5, 5)]), false],
    ['an earlier point flipped to negative', prompt([pt(1, 1)]), prompt([pt(1, 1, false), pt(5, 5)]), false],
    ['a box added', prompt([pt(1, 1)]), prompt([pt(1, 1), pt(2, 2)], [0, 0, 9, 9]), false],
    ['the box changed', prompt([], [0, 0, 9, 9]), prompt([pt(3, 3)], [0, 0, 9, 8]), false],
  ])('%s -> %s', (_name, previous, next, expected) => {
    expect(extendsPrompt(previous, next)).toBe(expected);
  });
});

describe('checkPrompt', () => {
  it.each([
    ['a reversed box is put in order', prompt([], [90, 80, 10, 20]), [10, 20, 90, 80]],
    ['a box past the edges is clipped', prompt([], [-5, -5, 200, 50]), [0, 0, 100, 50]],
    ['a point on the far edge is inside', prompt([pt(100, 100)]), null],
  ])('%s', (_name, input, box) => {
    expect(checkPrompt(input, 100, 100)).toEqual({ points: input.points, box });
  });

  it.each([
    ['an empty prompt', prompt([]), /prompt is empty/],
    ['a point left of the image', prompt([pt(-1, 5)]), /\(-1, 5\) lies outside the 100x100 image/],
    ['a point below the image', prompt([pt(5, 100.5)]), /lies outside/],
    ['a box of zero width', prompt([], [10, 10, 10, 50]), /has no area/],
    ['a box under a pixel wide', prompt([], [10, 10, 10.5, 50]), /has no area/],
    ['a box entirely outside', prompt([], [150, 10, 190, 50]), /has no area inside the 100x100 image/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => checkPrompt(input, 100, 100)).toThrow(message);
  });
});
