import { describe, expect, it } from 'vitest';
import type { Box } from '../../../shared/domain';
import { compareRegions } from '../../../shared/chains/compare';
import {
  boxCentre,
  boxesToPoints,
  boxesToPrompts,
  capRegions,
  dedupeRegions,
  filterRegions,
  mapLabels,
  regionArea,
  regionIou,
  type Region,
} from '../../../shared/chains/regions';
import { createMask, maskToRle } from '../../../shared/geometry';

const region = (label: string, score: number, box: Box, extra: Partial<Region> = {}): Region => ({
  label,
  score,
  box,
  ...extra,
});

/** A segmented region whose mask fills `box` in a 40x40 image. */
function masked(label: string, score: number, box: Box): Region {
  const mask = createMask(40, 40);
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) mask.data[y * 40 + x] = 1;
  const area = (box[2] - box[0]) * (box[3] - box[1]);
  return region(label, score, box, { rle: maskToRle(mask), area });
}

describe('prompts from boxes', () => {
  it.each<[Box, [number, number]]>([
    [
      [0, 0, 10, 10],
      [5, 5],
    ],
    [
      [10, 20, 13, 21],
      [11.5, 20.5],
    ],
  ])('centre of %j is %j', (box, centre) => {
    expect(boxCentre(box)).toEqual(centre);
    expect(boxesToPoints([region('car', 0.9, box)])[0]!.prompt).toEqual({ point: centre });
  });

  it('box prompts are the boxes', () => {
    expect(boxesToPrompts([region('car', 0.9, [1, 2, 3, 4])])[0]!.prompt).toEqual({ box: [1, 2, 3, 4] });
  });
});

const pool = [
  region('car', 0.9, [0, 0, 10, 10]), // area 100
  region('Car', 0.5, [0, 0, 20, 20]), // area 400
  region('person', 0.7, [0, 0, 5, 4]), // area 20
  region('person', 0.2, [0, 0, 30, 30], { area: 50 }), // segmented: mask area wins over box area
];

describe('filterRegions', () => {
  it.each<[string, Parameters<typeof filterRegions>[1], number[]]>([
    ['by label, ignoring case', { op: 'filter', labels: ['CAR'] }, [0, 1]],
    ['by score', { op: 'filter', minScore: 0.6 }, [0, 2]],
    ['by area range, mask area first', { op: 'filter', minArea: 30, maxArea: 150 }, [0, 3]],
    ['best count', { op: 'filter', maxCount: 2 }, [0, 2]],
    ['all of them', { op: 'filter', labels: ['person'], minScore: 0.1, maxCount: 1 }, [2]],
    ['nothing matches', { op: 'filter', labels: ['bus'] }, []],
  ])('%s', (_name, step, kept) => {
    expect(filterRegions(pool, step)).toEqual(kept.map((i) => pool[i]));
  });

  it('measures area from the mask once segmented', () => {
    expect(regionArea(pool[3]!)).toBe(50);
    expect(regionArea(pool[1]!)).toBe(400);
  });
});

describe('dedupeRegions', () => {
  const a = region('car', 0.6, [0, 0, 10, 10]);
  const b = region('car', 0.9, [1, 0, 11, 10]); // IoU 90/110 with a
  const c = region('truck', 0.8, [0, 0, 10, 10]);
  const d = region('car', 0.3, [20, 20, 30, 30]);
  it.each<[string, Parameters<typeof dedupeRegions>[1], Region[]]>([
    ['per label', { op: 'dedupe', iou: 0.7, acrossLabels: false }, [b, c, d]],
    ['across labels', { op: 'dedupe', iou: 0.7, acrossLabels: true }, [b, d]],
    [
      'a threshold above the overlap keeps both',
      { op: 'dedupe', iou: 0.9, acrossLabels: false },
      [b, c, a, d],
    ],
  ])('%s', (_name, step, kept) => {
    expect(dedupeRegions([a, b, c, d], step)).toEqual(kept);
  });

  it('uses mask overlap once both are segmented', () => {
    // Same box, masks that do not overlap: two objects, not one.
    const left = masked('car', 0.9, [0, 0, 10, 10]);
    const right = { ...masked('car', 0.8, [10, 0, 20, 10]), box: [0, 0, 20, 10] as Box };
    expect(regionIou(left, right)).toBe(0);
    expect(dedupeRegions([left, right], { op: 'dedupe', iou: 0.5, acrossLabels: false })).toHaveLength(2);
  });
});

describe('mapLabels', () => {
  it('renames mapped labels ignoring case and keeps the rest', () => {
    const out = mapLabels(pool, { op: 'map-labels', mapping: { car: 'vehicle' } });
    expect(out.map((r) => r.label)).toEqual(['vehicle', 'vehicle', 'person', 'person']);
  });
});

describe('capRegions', () => {
  it.each<[number, number[], number]>([
    [10, [0, 1, 2, 3], 0],
    [2, [0, 2], 2],
    [1, [0], 3],
  ])('at most %d', (max, kept, dropped) => {
    expect(capRegions(pool, max)).toEqual({ regions: kept.map((i) => pool[i]), dropped });
  });
});

describe('compareRegions', () => {
  it('matches one to one, best overlap first', () => {
    const a = [masked('car', 0.9, [0, 0, 10, 10]), masked('car', 0.5, [20, 20, 30, 30])];
    const b = [
      masked('car', 0.8, [0, 0, 10, 12]),
      masked('car', 0.6, [1, 0, 10, 10]),
      masked('bus', 0.4, [30, 0, 40, 5]),
    ];
    const out = compareRegions(a, b);
    expect(out.countA).toBe(2);
    expect(out.countB).toBe(3);
    expect(out.meanScoreA).toBeCloseTo(0.7);
    expect(out.meanScoreB).toBeCloseTo(0.6);
    expect(out.matches).toEqual([{ a: 0, b: 1, iou: 0.9 }]);
    expect(out.meanMatchedIou).toBeCloseTo(0.9);
    expect(out.onlyA).toBe(1);
    expect(out.onlyB).toBe(2);
  });

  it('handles empty sides', () => {
    expect(compareRegions([], [])).toEqual({
      countA: 0,
      countB: 0,
      meanScoreA: null,
      meanScoreB: null,
      matches: [],
      meanMatchedIou: null,
      onlyA: 0,
      onlyB: 0,
    });
  });
});
