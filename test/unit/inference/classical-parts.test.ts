// The classical engine's pure parts: its pixel cache and the mask operations that check and clean a cut.
import { describe, expect, it } from 'vitest';
import type { Pixels } from '../../../electron/inference/classical/cut';
import { PixelCache } from '../../../electron/inference/classical/pixel-cache';
import { isCancelled, markCancelled } from '../../../electron/inference/classical/protocol';
import {
  fillHoles,
  keepComponents,
  labelComponents,
  splitAway,
} from '../../../electron/inference/classical/regions';

const pixels = (bytes: number): Pixels => ({ data: new Uint8Array(bytes), width: bytes / 3, height: 1 });

/** A mask from rows of '#' (foreground) and '.' (background). */
function grid(...rows: string[]): { mask: Uint8Array; width: number } {
  const width = rows[0]!.length;
  return { mask: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)), width };
}
const draw = (mask: Uint8Array, width: number) =>
  Array.from({ length: mask.length / width }, (_, y) =>
    Array.from(mask.subarray(y * width, (y + 1) * width), (v) => (v ? '#' : '.')).join(''),
  );

describe('PixelCache', () => {
  it('drops the least recently used images beyond its byte bound', () => {
    const cache = new PixelCache(300);
    cache.set('a', pixels(120));
    cache.set('b', pixels(120));
    cache.get('a');
    cache.set('c', pixels(120));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(cache.totalBytes).toBe(240);
  });

  it('keeps the newest image even when it alone is over the bound', () => {
    const cache = new PixelCache(100);
    cache.set('a', pixels(60));
    cache.set('big', pixels(300));
    expect(cache.size).toBe(1);
    expect(cache.get('big')).toBeDefined();
  });

  it('replaces an image stored again under the same key', () => {
    const cache = new PixelCache(1000);
    cache.set('a', pixels(60));
    cache.set('a', pixels(90));
    expect([cache.size, cache.totalBytes]).toEqual([1, 90]);
  });
});

describe('cancel slots shared with the worker', () => {
  it('mark a request cancelled by its id, without touching its neighbours', () => {
    const slots = new Int32Array(new SharedArrayBuffer(4 * 4));
    markCancelled(slots, 6);
    expect([5, 6, 7].map((id) => isCancelled(slots, id))).toEqual([false, true, false]);
    // A later request in the same slot is not taken for the cancelled one, nor the other way round.
    expect(isCancelled(slots, 10)).toBe(false);
    markCancelled(slots, 10);
    expect([isCancelled(slots, 6), isCancelled(slots, 10)]).toEqual([false, true]);
  });
});

describe('mask operations', () => {
  it('labels 4-connected components (diagonals do not join)', () => {
    const { mask, width } = grid('##..', '#..#', '..#.');
    const { sizes } = labelComponents(mask, width);
    expect(sizes.slice(1).sort()).toEqual([1, 1, 3]);
  });

  it.each([
    ['no seed: the largest component', [], ['###.#', '###..', '.....'], ['###..', '###..', '.....']],
    ['a seed on the small one', [4], ['###.#', '###..', '.....'], ['....#', '.....', '.....']],
    ['seeds on both', [0, 4], ['###.#', '###..', '.....'], ['###.#', '###..', '.....']],
  ])('keeps components: %s', (_, seeds, rows, expected) => {
    const { mask, width } = grid(...rows);
    const { area, keptShare } = keepComponents(mask, width, seeds);
    expect(draw(mask, width)).toEqual(expected);
    expect(area).toBe(expected.join('').split('#').length - 1);
    expect(keptShare).toBeCloseTo(area / 7);
  });

  it.each([
    ['a hole is filled', ['#####', '#...#', '#####'], ['#####', '#####', '#####']],
    ['a bay open to the border is not', ['#####', '#...#', '##.##'], ['#####', '#...#', '##.##']],
  ])('fills holes: %s', (_, rows, expected) => {
    const { mask, width } = grid(...rows);
    fillHoles(mask, width, rows.length);
    expect(draw(mask, width)).toEqual(expected);
  });

  it('splits off the part nearer to a background click', () => {
    const { mask, width } = grid('########', '########');
    splitAway(mask, width, [0], [7]);
    expect(draw(mask, width)).toEqual(['####....', '####....']);
  });

  it('leaves the mask alone when the background click is outside it', () => {
    const { mask, width } = grid('####....', '####....');
    splitAway(mask, width, [0], [7]);
    expect(draw(mask, width)).toEqual(['####....', '####....']);
  });
});
