import { describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../shared/domain';
import { StudioError } from '../../../shared/errors';
import { EventBus } from '../../../electron/jobs/event-bus';
import { JobRunner } from '../../../electron/jobs/job-runner';

function setup() {
  const events = new EventBus();
  const seen: StudioEvent[] = [];
  events.subscribe((e) => seen.push(e));
  let t = 0;
  const jobs = new JobRunner(events, () => (t += 10));
  return { jobs, seen };
}

describe('JobRunner', () => {
  it('reports throttled progress, always the last step, then the result', async () => {
    const { jobs, seen } = setup();
    const id = jobs.start('import', async ({ progress }) => {
      for (let i = 1; i <= 100; i++) progress(i, 100);
      return { added: 100 };
    });
    await jobs.idle();
    const progress = seen.filter((e) => e.type === 'job.progress');
    // The fake clock advances 10 ms a step and the interval is 100 ms: about one event in ten.
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.length).toBeLessThan(20);
    expect(progress.at(-1)).toMatchObject({ done: 100, total: 100 });
    expect(seen.at(-1)).toEqual({ type: 'job.done', jobId: id, kind: 'import', result: { added: 100 } });
    expect(jobs.get(id)).toMatchObject({ state: 'done', done: 100, total: 100, result: { added: 100 } });
  });

  it('keeps a failure with its code', async () => {
    const { jobs, seen } = setup();
    const id = jobs.start('import', async () => {
      throw new StudioError('not_found', 'No folder at /x.');
    });
    await jobs.idle();
    expect(jobs.get(id)).toMatchObject({
      state: 'failed',
      error: { code: 'not_found', message: 'No folder at /x.' },
    });
    expect(seen.at(-1)?.type).toBe('job.failed');
  });

  const untilAborted = async ({ signal }: { signal: AbortSignal }) => {
    while (!signal.aborted) await new Promise((r) => setTimeout(r, 5));
    return null;
  };

  it('cancels through the abort signal', async () => {
    const { jobs } = setup();
    const id = jobs.start('import', untilAborted);
    await new Promise((r) => setTimeout(r, 20));
    jobs.cancel(id);
    await jobs.idle();
    expect(jobs.get(id).state).toBe('cancelled');
  });

  it('cancels every running job on shutdown, leaving finished ones as they were', async () => {
    const { jobs } = setup();
    const finished = jobs.start('import', async () => 1);
    await jobs.idle();
    const running = [jobs.start('import', untilAborted), jobs.start('export', untilAborted)];
    jobs.cancelAll();
    await jobs.idle();
    expect(running.map((id) => jobs.get(id).state)).toEqual(['cancelled', 'cancelled']);
    expect(jobs.get(finished).state).toBe('done');
  });

  it('names an unknown job', () => {
    expect(() => setup().jobs.get('nope')).toThrow(/No job nope/);
  });
});
