import { describe, expect, it } from 'vitest';
import { hitTest } from '../../../renderer/src/canvas/hit-test';
import { ann, box } from './editor-fixtures';

describe('hit test in image coordinates', () => {
  const shapes = [
    box(1, [10, 10, 60, 60]),
    ann(2, {
      kind: 'polygon',
      rings: [
        [
          [30, 30],
          [90, 30],
          [90, 90],
          [30, 90],
        ],
        [
          [50, 50],
          [70, 50],
          [70, 70],
          [50, 70],
        ],
      ],
    }),
    ann(3, { kind: 'point', point: [100, 10], positive: true }),
  ];
  it.each<[string, [number, number], number, number | null]>([
    ['the topmost of two overlapping shapes', [40, 40], 1, 2],
    ['the box below where only it is', [15, 15], 1, 1],
    ['through a polygon hole to the box below', [55, 55], 1, 1],
    ['a polygon hole with nothing below', [65, 65], 1, null],
    ['a point within 6 screen pixels', [104, 12], 1, 3],
    ['a point farther at high zoom', [104, 12], 4, null],
    ['a box edge within 4 screen pixels', [63, 20], 1, 1],
    ['empty space', [150, 150], 1, null],
  ])('finds %s', (_name, point, scale, expected) => {
    expect(hitTest(shapes, [], point, scale)).toBe(expected);
  });
});
