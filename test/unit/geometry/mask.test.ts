import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { createMask, cropMask, pasteMask } from '../../../shared/geometry';
import { maskFromRows, maskToRows, noiseMask, prng } from '../../helpers/mask-fixtures';

describe('mask', () => {
  it('creates empty masks and wraps data of the right length only', () => {
    expect(createMask(3, 2)).toEqual({ width: 3, height: 2, data: new Uint8Array(6) });
    const data = new Uint8Array(6);
    expect(createMask(2, 3, data).data).toBe(data);
    expect(() => createMask(4, 2, data)).toThrow(/6 bytes, expected 8 for 4x2/);
    expect(() => createMask(-1, 2)).toThrow(/not a pair of non-negative integers/);
    expect(() => createMask(1.5, 2)).toThrow(/1.5x2/);
  });

  const source = maskFromRows(['#..#', '.##.', '#..#']);
  it.each([
    { box: [1, 0, 3, 2], rows: ['..', '##'] },
    { box: [0.5, 0.2, 2.1, 1.9], rows: ['#..', '.##'] },
    { box: [-2, 1, 9, 9], rows: ['.##.', '#..#'] },
    { box: [5, 5, 9, 9], rows: [] },
  ])('crops $box', ({ box, rows }) => {
    expect(maskToRows(cropMask(source, box as Box))).toEqual(rows);
  });

  it.each([
    { x: 1, y: 1, rows: ['.....', '.##..', '.#...', '.....'] },
    { x: -1, y: 0, rows: ['#....', '.....', '.....', '.....'] },
    { x: 4, y: 3, rows: ['.....', '.....', '.....', '....#'] },
    { x: 9, y: 3, rows: ['.....', '.....', '.....', '.....'] },
    { x: -2, y: 0, rows: ['.....', '.....', '.....', '.....'] },
  ])('pastes at ($x, $y), overwriting and clipping', ({ x, y, rows }) => {
    const dst = createMask(5, 4);
    expect(maskToRows(pasteMask(dst, maskFromRows(['##', '#.']), x, y))).toEqual(rows);
  });

  it('pasting a crop back where it came from restores the mask', () => {
    const mask = noiseMask(prng(4), 30, 20, 0.5);
    const copy = createMask(30, 20, mask.data.slice());
    pasteMask(copy, createMask(10, 5), 7, 9);
    expect(pasteMask(copy, cropMask(mask, [7, 9, 17, 14]), 7, 9)).toEqual(mask);
    expect(() => pasteMask(copy, mask, 0.5, 0)).toThrow(/whole pixels/);
  });
});
