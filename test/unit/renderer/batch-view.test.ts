import { describe, expect, it } from 'vitest';
import type { BatchJob } from '../../../shared/api/batch';
import {
  applyBatchEvent,
  applyBatchJob,
  applyBatchList,
  jobFraction,
  jobsScreenList,
  sortedJobs,
} from '../../../renderer/src/jobs/batch-view';
import { formatDuration, formatRate } from '../../../shared/batch/format';

const P = '/p/Drive.vpstudio';

function job(id: number, patch: Partial<BatchJob> = {}, counts: Partial<BatchJob['counts']> = {}): BatchJob {
  return {
    id,
    kind: 'chain',
    name: `job ${id}`,
    status: 'running',
    spec: {},
    images: { all: true },
    settings: { maxAttempts: 4 },
    createdAt: '2026-12-03T00:00:00Z',
    startedAt: '2026-12-03T00:00:01Z',
    finishedAt: null,
    error: null,
    total: 100,
    counts: { pending: 100, running: 0, done: 0, failed: 0, skipped: 0, ...counts },
    proposals: 0,
    repeats: 0,
    ...patch,
  };
}

const event = (j: BatchJob, rate: number | null = 5) => ({
  type: 'batch.progress' as const,
  project: P,
  job: j,
  rate,
  etaSec: 20,
  concurrency: 8,
});

describe('batch job views', () => {
  it('an event sets the job with its live figures, per project', () => {
    const views = applyBatchEvent({}, event(job(1, {}, { pending: 90, done: 10 })));
    expect(views[P]![1]).toMatchObject({ rate: 5, etaSec: 20, concurrency: 8 });
    expect(views[P]![1]!.job.counts.done).toBe(10);
    expect(views['/other.vpstudio']).toBeUndefined();
  });

  it('a list answer older than the last event does not move the counts back', () => {
    const live = applyBatchEvent({}, event(job(1, {}, { pending: 50, done: 50 })));
    const listed = applyBatchList(live, P, [
      job(1, {}, { pending: 60, done: 40 }),
      job(2, { status: 'done' }),
    ]);
    expect(listed[P]![1]!.job.counts.done).toBe(50);
    expect(listed[P]![1]!.rate).toBe(5);
    expect(listed[P]![2]!.rate).toBeNull();
  });

  it('a job that stopped keeps no live figures', () => {
    const live = applyBatchEvent({}, event(job(1)));
    const paused = applyBatchJob(live, P, job(1, { status: 'paused' }));
    expect(paused[P]![1]).toMatchObject({ rate: null, etaSec: null, concurrency: 0 });
    const listed = applyBatchList(live, P, [job(1, { status: 'interrupted' })]);
    expect(listed[P]![1]!.rate).toBeNull();
  });

  it('jobs the list no longer has are dropped; newest first', () => {
    const views = applyBatchList(applyBatchEvent({}, event(job(3))), P, [job(1), job(2)]);
    expect(sortedJobs(views[P]).map((v) => v.job.id)).toEqual([2, 1]);
    // The jobs screen leaves experiments to the evaluation screen and counts them.
    const withEval = applyBatchList(views, P, [job(1), job(2), job(3, { kind: 'eval' })]);
    expect(jobsScreenList(withEval[P])).toMatchObject({ experiments: 1 });
    expect(jobsScreenList(withEval[P]).shown.map((v) => v.job.id)).toEqual([2, 1]);
  });

  it.each([
    [{ done: 0 }, 0],
    [{ done: 25, failed: 10, skipped: 5 }, 0.4],
    [{ done: 100 }, 1],
  ])('fraction of %j is %d', (counts, fraction) => {
    expect(jobFraction(job(1, {}, counts))).toBeCloseTo(fraction);
  });
});

describe('job figures as text', () => {
  it.each([
    [null, '—'],
    [-1, '—'],
    [0, '0 s'],
    [45.4, '45 s'],
    [120, '2 min'],
    [200, '3 min 20 s'],
    [3900, '1 h 05 min'],
  ])('duration %s -> %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it.each([
    [null, '—'],
    [0.4217, '0.42 images/s'],
    [3.14, '3.1 images/s'],
    [42.6, '43 images/s'],
  ])('rate %s -> %s', (r, text) => expect(formatRate(r)).toBe(text));
});
