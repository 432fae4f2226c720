import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { isDuplicate, withoutDuplicates, type ShapeKey } from '../../../shared/duplicates';
import { createMask, maskToRle } from '../../../shared/geometry';

const box = (labelId: number | null, b: Box): ShapeKey => ({ labelId, box: b, rle: null });
const mask = (labelId: number, x1: number, x2: number): ShapeKey => {
  const m = createMask(100, 50);
  for (let y = 10; y < 40; y++) m.data.fill(1, y * 100 + x1, y * 100 + x2);
  return { labelId, box: [x1, 10, x2, 40], rle: maskToRle(m) };
};

describe('duplicate proposals', () => {
  const there = [box(1, [0, 0, 100, 100]), mask(2, 10, 50)];
  it.each([
    ['the same box, same label', box(1, [0, 0, 100, 100]), true],
    ['a box shifted a little (IoU 0.82)', box(1, [10, 0, 110, 100]), true],
    ['a box shifted a lot (IoU 0.54)', box(1, [30, 0, 130, 100]), false],
    ['the same box of another label', box(2, [0, 0, 100, 100]), false],
    ['an unlabelled one where a labelled one is', box(null, [0, 0, 100, 100]), false],
    ['nearly the same mask (IoU 0.9)', mask(2, 10, 46), true],
    ['a mask inside the box of one but not its pixels (IoU 0.5)', mask(2, 30, 70), false],
    ['a box over a mask, by boxes', box(2, [10, 10, 50, 40]), true],
  ] as const)('%s: %s', (_name, p, expected) => {
    expect(isDuplicate(p, there)).toBe(expected);
  });

  it('keeps the new ones in order and counts the rest', () => {
    const proposals = [box(1, [0, 0, 100, 100]), box(1, [200, 0, 300, 100]), mask(2, 10, 50)];
    expect(withoutDuplicates(proposals, (p) => p, there)).toEqual({ fresh: [proposals[1]], skipped: 2 });
    expect(withoutDuplicates(proposals, (p) => p, [])).toEqual({ fresh: proposals, skipped: 0 });
  });
});
