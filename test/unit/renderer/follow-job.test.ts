import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/api';
import type { StudioEvent } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { createFollowJob, type JobProgress } from '../../../renderer/src/api/follow-job';

/** A job source whose jobs.get answers come from `answers` in turn (the last one repeats). */
function fakeSource(answers: (JobInfo | Error)[]) {
  const listeners = new Set<(e: StudioEvent) => void>();
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    get listening() {
      return listeners.size;
    },
    emit: (e: StudioEvent) => listeners.forEach((l) => l(e)),
    get: async () => {
      const a = answers[Math.min(calls++, answers.length - 1)]!;
      if (a instanceof Error) throw a;
      return a;
    },
    onEvent: (l: (e: StudioEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const job = (state: JobInfo['state'], done: number, extra: Partial<JobInfo> = {}): JobInfo => ({
  id: 'j',
  kind: 'export',
  state,
  done,
  total: 4,
  ...extra,
});

describe('followJob', () => {
  it('reports polled progress and resolves with the finished job', async () => {
    const source = fakeSource([job('running', 1), job('running', 3), job('done', 4, { result: 'r' })]);
    const seen: JobProgress[] = [];
    const end = await createFollowJob(source)('j', (p) => seen.push(p), { pollMs: 1 });
    expect(end).toMatchObject({ state: 'done', result: 'r' });
    expect(seen).toEqual([
      { done: 1, total: 4 },
      { done: 3, total: 4 },
    ]);
    expect(source.listening).toBe(0);
  });

  it.each([
    ['failed', { error: { code: 'io_error', message: 'disk full' } }],
    ['cancelled', {}],
  ] as const)('resolves with a %s job for the caller to read', async (state, extra) => {
    const source = fakeSource([job(state, 2, extra)]);
    await expect(createFollowJob(source)('j', () => undefined)).resolves.toMatchObject({ state, ...extra });
  });

  it('takes progress from events and reads the job at once when an event says it ended', async () => {
    const source = fakeSource([job('running', 0), job('done', 4)]);
    const seen: JobProgress[] = [];
    const started = Date.now();
    const following = createFollowJob(source)('j', (p) => seen.push(p), { pollMs: 60_000 });
    await new Promise((r) => setTimeout(r, 10));
    source.emit({ type: 'job.progress', jobId: 'other', kind: 'export', done: 9, total: 9 });
    source.emit({ type: 'job.progress', jobId: 'j', kind: 'export', done: 2, total: 4, message: 'a.jpg' });
    source.emit({ type: 'job.done', jobId: 'j', kind: 'export', result: null });
    await expect(following).resolves.toMatchObject({ state: 'done' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen).toEqual([
      { done: 0, total: 4 },
      { done: 2, total: 4, message: 'a.jpg' },
    ]);
  });

  it('waits out lost contact but rejects on any other error', async () => {
    const lost = new StudioError('io_error', 'Lost contact with the studio server');
    const source = fakeSource([lost, lost, job('done', 4)]);
    await expect(createFollowJob(source)('j', () => undefined, { pollMs: 1 })).resolves.toMatchObject({
      state: 'done',
    });
    expect(source.calls).toBe(3);

    const gone = fakeSource([new StudioError('not_found', 'No job j.')]);
    await expect(createFollowJob(gone)('j', () => undefined, { pollMs: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(gone.listening).toBe(0);
  });

  it('stops following when its signal aborts, rejecting with the reason', async () => {
    const source = fakeSource([job('running', 1)]);
    const stop = new AbortController();
    const following = createFollowJob(source)('j', () => undefined, { pollMs: 1, signal: stop.signal });
    await new Promise((r) => setTimeout(r, 10));
    stop.abort(new Error('dialog closed'));
    await expect(following).rejects.toThrow('dialog closed');
    const calls = source.calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(source.calls).toBe(calls);
    expect(source.listening).toBe(0);
  });
});
