import { describe, expect, it } from 'vitest';
import {
  correctiveClick,
  deepestPoint,
  interiorPoints,
  jitterBox,
  maskBox,
  promptFor,
  squaredDistanceInside,
  STRATEGIES,
} from '../../../shared/eval/prompt-strategies';
import { createMask, type BinaryMask } from '../../../shared/geometry/mask';
import { seededRandom } from '../../../shared/random';

/** A w x h mask with the pixels x in [x1, x2), y in [y1, y2) set. */
function rect(w: number, h: number, ...boxes: [number, number, number, number][]): BinaryMask {
  const m = createMask(w, h);
  for (const [x1, y1, x2, y2] of boxes)
    for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) m.data[y * w + x] = 1;
  return m;
}

describe('distance inside a mask', () => {
  it('is 1 on the edge, growing inwards (squared), 0 outside', () => {
    const d = squaredDistanceInside(rect(5, 5, [1, 1, 4, 4]));
    expect(d[2 * 5 + 2]).toBe(4);
    expect(d[1 * 5 + 1]).toBe(1);
    expect(d[0]).toBe(0);
  });

  it('counts the image border as background', () => {
    expect([...squaredDistanceInside(rect(3, 1, [0, 0, 3, 1]))]).toEqual([1, 1, 1]);
    expect(squaredDistanceInside(rect(5, 5, [0, 0, 5, 5]))[12]).toBe(9);
  });
});

describe('prompts for an object', () => {
  it('clicks the centre of a square', () => {
    expect(deepestPoint(rect(10, 10, [2, 2, 7, 7]))).toEqual([4.5, 4.5]);
  });

  it('clicks inside a C-shaped object, where its centroid is not', () => {
    // A 9x9 ring open on the right: the centroid (about 4, 4.5) is in the hole.
    const c = rect(12, 12, [1, 1, 10, 3], [1, 8, 10, 10], [1, 1, 3, 10]);
    const [x, y] = deepestPoint(c)!;
    expect(c.data[Math.floor(y) * 12 + Math.floor(x)]).toBe(1);
  });

  it('draws distinct interior points, the same for the same seed', () => {
    const m = rect(10, 10, [2, 2, 5, 4]);
    const a = interiorPoints(m, 4, seededRandom(7));
    expect(a).toEqual(interiorPoints(m, 4, seededRandom(7)));
    expect(new Set(a.map((p) => p.join())).size).toBe(4);
    for (const [x, y] of a) expect(m.data[Math.floor(y) * 10 + Math.floor(x)]).toBe(1);
    expect(interiorPoints(m, 50, seededRandom(1))).toHaveLength(6);
  });

  it('boxes the pixels, and jitters the box within the image', () => {
    expect(maskBox(rect(10, 10, [2, 3, 5, 8]))).toEqual([2, 3, 5, 8]);
    expect(maskBox(createMask(4, 4))).toBeNull();
    expect(jitterBox([2, 3, 5, 8], 0, seededRandom(1), 10, 10)).toEqual([2, 3, 5, 8]);
    for (let s = 0; s < 20; s++) {
      const [x1, y1, x2, y2] = jitterBox([0, 0, 10, 10], 0.5, seededRandom(s), 10, 10);
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(y2).toBeLessThanOrEqual(10);
      expect(x1).toBeLessThanOrEqual(x2);
      expect(Math.abs(y1)).toBeLessThanOrEqual(5);
    }
  });

  it.each(STRATEGIES)('%s gives a prompt, and none for an empty object', (strategy) => {
    const prompt = promptFor(rect(10, 10, [2, 2, 7, 7]), strategy, { k: 3, seed: 2 });
    expect(prompt).not.toBeNull();
    expect(prompt!.points.length + (prompt!.box ? 1 : 0)).toBeGreaterThan(0);
    expect(promptFor(createMask(10, 10), strategy)).toBeNull();
  });

  it('names the prompt of each strategy', () => {
    const m = rect(10, 10, [2, 2, 7, 7]);
    expect(promptFor(m, 'centre')).toEqual({ points: [{ point: [4.5, 4.5], positive: true }] });
    expect(promptFor(m, 'box')).toEqual({ points: [], box: [2, 2, 7, 7] });
    expect(promptFor(m, 'box-centre')).toEqual({
      points: [{ point: [4.5, 4.5], positive: true }],
      box: [2, 2, 7, 7],
    });
    expect(promptFor(m, 'k-points', { k: 2 })!.points).toHaveLength(2);
  });
});

describe('the corrective click', () => {
  const truth = rect(20, 20, [4, 4, 12, 12]);
  it.each([
    [
      'nothing predicted: positive at the object centre',
      createMask(20, 20),
      { point: [7.5, 7.5], positive: true },
    ],
    [
      'a big spill: negative inside it',
      rect(20, 20, [4, 4, 12, 12], [12, 0, 20, 20]),
      { point: [15.5, 3.5], positive: false },
    ],
    [
      'half the object: positive inside the missed half',
      rect(20, 20, [4, 4, 12, 8]),
      { point: [7.5, 9.5], positive: true },
    ],
  ])('%s', (_, prediction, want) => {
    const click = correctiveClick(prediction, truth)!;
    expect(click.positive).toBe(want.positive);
    const region = want.positive
      ? (i: number) => truth.data[i] && !prediction.data[i]
      : (i: number) => prediction.data[i] && !truth.data[i];
    expect(region(Math.floor(click.point[1]) * 20 + Math.floor(click.point[0]))).toBeTruthy();
    if (want.point[0] === 7.5 && want.point[1] === 7.5) expect(click.point).toEqual(want.point);
  });

  it('is null when the prediction is exact', () => {
    expect(correctiveClick(truth, truth)).toBeNull();
  });
});
