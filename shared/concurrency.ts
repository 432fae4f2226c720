// Async work over a list, a few items at a time: for work that waits on the disk or the network rather than the
// CPU, so more than one at once pays, but not all at once.

/**
 * `work` on every item, at most `concurrency` at once; the results in the items' order. The first failure
 * rejects, and no item starts after it (those already started still finish).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const k = next++;
      try {
        results[k] = await work(items[k]!, k);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
