import { describe, expect, it } from 'vitest';
import { deadlineError, withDeadline } from '../../../electron/inference/sagemaker/deadline';

const late = () => deadlineError('sam', 100);
/** Work that answers after `ms`, or rejects with its signal's reason once aborted if it listens. */
const work =
  (ms: number, listens = true) =>
  (signal: AbortSignal | undefined) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => resolve('answer'), ms);
      if (listens)
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
    });

describe('withDeadline', () => {
  it('answers when the work is faster than the deadline', async () => {
    expect(await withDeadline(200, undefined, late, work(10))).toBe('answer');
  });

  it('fails with the deadline error at the deadline, even when the work ignores its signal', async () => {
    const started = performance.now();
    await expect(withDeadline(50, undefined, late, work(1000, false))).rejects.toThrow(
      "Endpoint 'sam' did not answer within 0.1 s",
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('aborts the work at the deadline', async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withDeadline(50, undefined, late, (signal) => ((seen = signal), work(1000)(signal))),
    ).rejects.toMatchObject({ code: 'endpoint_unavailable' });
    expect(seen?.aborted).toBe(true);
  });

  it("a caller's cancel before the deadline is the work's own failure, not the deadline's", async () => {
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 10);
    await expect(withDeadline(500, caller.signal, late, work(1000))).rejects.toThrow('aborted');
  });

  it('without a deadline the work gets the caller signal as is', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    await withDeadline(undefined, caller.signal, late, async (signal) => (seen = signal));
    expect(seen).toBe(caller.signal);
  });
});
