import { describe, expect, it } from 'vitest';
import { boundaryScore } from '../../../shared/eval/boundary';
import { maskScore } from '../../../shared/eval/mask-metrics';
import { greedyMatch, hungarianMatch } from '../../../shared/eval/matching';
import { bucketRanges, sizeBucket } from '../../../shared/eval/size-buckets';
import { createMask, type BinaryMask } from '../../../shared/geometry/mask';
import { maskToRle } from '../../../shared/geometry/rle';

/** A 10x10 mask with the pixels x in [x1, x2), y in [y1, y2) set. */
function rect(x1: number, y1: number, x2: number, y2: number): BinaryMask {
  const m = createMask(10, 10);
  for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * 10 + x] = 1;
  return m;
}

describe('mask IoU, precision and recall', () => {
  it.each([
    [
      'prediction inside the object',
      rect(2, 2, 6, 6),
      rect(2, 2, 7, 6),
      { iou: 0.8, precision: 1, recall: 0.8 },
    ],
    [
      'object inside the prediction',
      rect(2, 2, 7, 6),
      rect(2, 2, 6, 6),
      { iou: 0.8, precision: 0.8, recall: 1 },
    ],
    ['disjoint', rect(0, 0, 2, 2), rect(5, 5, 7, 7), { iou: 0, precision: 0, recall: 0 }],
    ['both empty', rect(0, 0, 0, 0), rect(0, 0, 0, 0), { iou: 1, precision: 1, recall: 1 }],
    ['empty prediction', rect(0, 0, 0, 0), rect(5, 5, 7, 7), { iou: 0, precision: 0, recall: 0 }],
  ])('%s', (_, pred, truth, want) => {
    expect(maskScore(maskToRle(pred), maskToRle(truth))).toMatchObject(want);
  });

  it('counts the pixels', () => {
    expect(maskScore(maskToRle(rect(2, 2, 6, 6)), maskToRle(rect(3, 2, 7, 6)))).toEqual({
      iou: 12 / 20,
      precision: 12 / 16,
      recall: 12 / 16,
      truePositive: 12,
      falsePositive: 4,
      falseNegative: 4,
    });
  });

  it('a missing prediction is a miss of every object pixel', () => {
    expect(maskScore(null, maskToRle(rect(2, 2, 6, 6)))).toMatchObject({
      iou: 0,
      recall: 0,
      falseNegative: 16,
    });
  });
});

describe('boundary F-score', () => {
  const line = (x: number, y1: number, y2: number) => rect(x, y1, x + 1, y2);
  it.each([
    ['the same outline', rect(2, 2, 7, 7), rect(2, 2, 7, 7), 1, { precision: 1, recall: 1, f: 1 }],
    ['one pixel off, tolerance 1', rect(3, 2, 8, 7), rect(2, 2, 7, 7), 1, { precision: 1, recall: 1, f: 1 }],
    ['three pixels off, tolerance 2', line(8, 0, 10), line(5, 0, 10), 2, { precision: 0, recall: 0, f: 0 }],
    ['three pixels off, tolerance 3', line(8, 0, 10), line(5, 0, 10), 3, { precision: 1, recall: 1, f: 1 }],
    ['half the outline, exact', line(5, 0, 5), line(5, 0, 10), 0, { precision: 1, recall: 0.5, f: 2 / 3 }],
    ['nothing predicted', rect(0, 0, 0, 0), rect(2, 2, 7, 7), 1, { precision: 0, recall: 0, f: 0 }],
    ['nothing either side', rect(0, 0, 0, 0), rect(0, 0, 0, 0), 1, { precision: 1, recall: 1, f: 1 }],
  ])('%s', (_, pred, truth, tolerance, want) => {
    const got = boundaryScore(pred, truth, tolerance);
    expect(got.precision).toBeCloseTo(want.precision, 12);
    expect(got.recall).toBeCloseTo(want.recall, 12);
    expect(got.f).toBeCloseTo(want.f, 12);
  });

  it('refuses masks of different sizes with both sizes', () => {
    expect(() => boundaryScore(createMask(4, 4), createMask(5, 4))).toThrow(/4x4 and 5x4/);
  });
});

describe('matching predictions to ground truth', () => {
  it('greedy takes the best pair first; Hungarian the best total', () => {
    const iou = [
      [0.9, 0.8],
      [0.85, 0.0],
    ];
    expect(greedyMatch(iou, 2)).toEqual({
      matches: [{ prediction: 0, truth: 0, iou: 0.9 }],
      unmatchedPredictions: [1],
      unmatchedTruths: [1],
    });
    expect(hungarianMatch(iou, 2)).toEqual({
      matches: [
        { prediction: 0, truth: 1, iou: 0.8 },
        { prediction: 1, truth: 0, iou: 0.85 },
      ],
      unmatchedPredictions: [],
      unmatchedTruths: [],
    });
  });

  it.each([
    ['no predictions', [], 2, [], [], [0, 1]],
    ['no truths', [[], []], 0, [], [0, 1], []],
    ['below the threshold', [[0.49]], 1, [], [0], [0]],
    [
      'more predictions than truths',
      [[0.6], [0.7], [0.2]],
      1,
      [{ prediction: 1, truth: 0, iou: 0.7 }],
      [0, 2],
      [],
    ],
    [
      'more truths than predictions',
      [[0.3, 0.9, 0.6]],
      3,
      [{ prediction: 0, truth: 1, iou: 0.9 }],
      [],
      [0, 2],
    ],
  ])('%s: greedy and Hungarian agree', (_, iou, truths, matches, unP, unT) => {
    const want = { matches, unmatchedPredictions: unP, unmatchedTruths: unT };
    expect(greedyMatch(iou, truths)).toEqual(want);
    expect(hungarianMatch(iou, truths)).toEqual(want);
  });

  it('Hungarian finds the best total on a larger random case (checked against every permutation)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 6;
    const iou = Array.from({ length: n }, () => Array.from({ length: n }, () => rand()));
    const total = (m: { iou: number }[]) => m.reduce((s, x) => s + x.iou, 0);
    let best = 0;
    const perm = (rest: number[], row: number, sum: number) => {
      if (row === n) return void (best = Math.max(best, sum));
      rest.forEach((c, i) => {
        const v = iou[row]![c]!;
        perm([...rest.slice(0, i), ...rest.slice(i + 1)], row + 1, sum + (v >= 0.5 ? v : 0));
      });
    };
    perm([...Array(n).keys()], 0, 0);
    expect(total(hungarianMatch(iou, n).matches)).toBeCloseTo(best, 12);
    expect(total(greedyMatch(iou, n).matches)).toBeLessThanOrEqual(best + 1e-12);
  });
});

describe('size buckets (share of the image)', () => {
  it.each([
    [0, 'small'],
    [1000, 'small'],
    [1100, 'medium'],
    [10_000, 'medium'],
    [10_001, 'large'],
  ] as const)('%i px of a megapixel is %s', (area, bucket) => {
    expect(sizeBucket(area, 1_000_000)).toBe(bucket);
  });

  it('gives the ranges for COCO-style evaluation', () => {
    expect(bucketRanges()).toEqual({
      all: [0, Infinity],
      small: [0, 0.0011],
      medium: [0.0011, 0.01],
      large: [0.01, Infinity],
    });
  });
});
