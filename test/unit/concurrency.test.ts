import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../shared/concurrency';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('mapConcurrently', () => {
  it.each([
    [0, 3],
    [1, 3],
    [5, 1],
    [7, 3],
    [2, 8],
  ])('%d items, %d at a time: results in order, never more at once', async (count, concurrency) => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: count }, (_, k) => k);
    const results = await mapConcurrently(items, concurrency, async (item, index) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, (count - item) % 3));
      running--;
      return `${item}@${index}`;
    });
    expect(results).toEqual(items.map((k) => `${k}@${k}`));
    expect(most).toBeLessThanOrEqual(Math.max(1, Math.min(concurrency, count)));
  });

  it('rejects with the first failure and starts no new item after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await tick();
        if (item === 1) throw new Error('item 1 failed');
        return item;
      }),
    ).rejects.toThrow('item 1 failed');
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([0, 1, 2]);
  });
});
