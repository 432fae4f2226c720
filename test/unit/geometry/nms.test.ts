import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { boxIou, nms } from '../../../shared/geometry/nms';

describe('boxIou', () => {
  it.each<[string, Box, Box, number]>([
    ['identical', [0, 0, 10, 10], [0, 0, 10, 10], 1],
    ['disjoint', [0, 0, 10, 10], [20, 20, 30, 30], 0],
    ['touching edges', [0, 0, 10, 10], [10, 0, 20, 10], 0],
    ['half overlap', [0, 0, 10, 10], [5, 0, 15, 10], 50 / 150],
    ['contained', [0, 0, 10, 10], [2, 2, 7, 7], 25 / 100],
    ['zero-area box', [5, 5, 5, 5], [0, 0, 10, 10], 0],
    ['both empty', [0, 0, 0, 0], [0, 0, 0, 0], 0],
  ])('%s', (_name, a, b, iou) => {
    expect(boxIou(a, b)).toBeCloseTo(iou, 12);
    expect(boxIou(b, a)).toBeCloseTo(iou, 12);
  });
});

const det = (box: Box, score: number, classId = 0) => ({ box, score, classId });

describe('nms', () => {
  it.each([
    {
      name: 'keeps the best of two overlapping boxes of one class',
      items: [det([0, 0, 10, 10], 0.6), det([1, 0, 11, 10], 0.9)],
      iou: 0.5,
      kept: [1],
    },
    {
      name: 'keeps overlapping boxes of different classes',
      items: [det([0, 0, 10, 10], 0.6, 2), det([1, 0, 11, 10], 0.9, 7)],
      iou: 0.5,
      kept: [1, 0],
    },
    {
      name: 'keeps boxes whose overlap is at the threshold (only more than it suppresses)',
      items: [det([0, 0, 10, 10], 0.9), det([5, 0, 15, 10], 0.8)],
      iou: 50 / 150,
      kept: [0, 1],
    },
    {
      name: 'a suppressed box does not suppress others (greedy chain)',
      // b overlaps a and c, a and c do not overlap: a kept, b dropped, c kept.
      items: [det([0, 0, 10, 10], 0.9), det([4, 0, 14, 10], 0.8), det([9, 0, 19, 10], 0.7)],
      iou: 0.3,
      kept: [0, 2],
    },
    { name: 'empty input', items: [], iou: 0.5, kept: [] },
    {
      name: 'equal scores keep input order',
      items: [det([0, 0, 10, 10], 0.5), det([100, 0, 110, 10], 0.5)],
      iou: 0.5,
      kept: [0, 1],
    },
  ])('$name', ({ items, iou, kept }) => {
    expect(nms(items, { iouThreshold: iou })).toEqual(kept.map((i) => items[i]));
  });

  it('suppresses across classes when class-agnostic', () => {
    const items = [det([0, 0, 10, 10], 0.6, 2), det([1, 0, 11, 10], 0.9, 7)];
    expect(nms(items, { iouThreshold: 0.5, classAgnostic: true })).toEqual([items[1]]);
  });

  it('stops at maxDetections, best first', () => {
    const items = [0.1, 0.7, 0.4, 0.9].map((s, i) => det([i * 20, 0, i * 20 + 10, 10], s));
    expect(nms(items, { iouThreshold: 0.5, maxDetections: 2 }).map((d) => d.score)).toEqual([0.9, 0.7]);
  });
});
