import { describe, expect, it } from 'vitest';
import { listed, step, type WorstState } from '../../../renderer/src/eval/worst-store';

const items = [11, 12, 13].map((id) => ({ id, imageId: 1, truthId: id + 100 }));
const state = (chosen: number | null, list = items): WorstState => ({
  project: '/p.vpstudio',
  jobId: 1,
  pick: { engine: 'classical', strategy: 'box' },
  items: list,
  chosen,
});

describe('walking the worst objects with J / K', () => {
  it.each<[string, number | null, number, number | null]>([
    ['J moves to the next', 11, 1, 12],
    ['K moves to the previous', 13, -1, 12],
    ['stops at the last', 13, 1, 13],
    ['stops at the first', 11, -1, 11],
    ['from nothing chosen, J takes the second', null, 1, 12],
  ])('%s', (_, chosen, delta, expected) => {
    expect(step(state(chosen), delta).chosen).toBe(expected);
  });

  it('does nothing on an empty list', () => {
    expect(step(state(null, []), 1).chosen).toBeNull();
  });
});

describe('a new page of worst objects', () => {
  it('keeps the object drawn when it is still listed', () => {
    expect(listed(state(12, []), items).chosen).toBe(12);
  });
  it('draws the worst when the one drawn is gone, or none was', () => {
    expect(listed(state(99, []), items).chosen).toBe(11);
    expect(listed(state(null, []), items).chosen).toBe(11);
    expect(listed(state(12), []).chosen).toBeNull();
  });
});
