// What batch-faults.test.ts leaves out, on the fixed-answer endpoint of batch-fixtures.ts (one box per image,
// so each image done holds exactly one proposal): the exact per-image attempts of a 5xx burst, the concurrency
// growing back after a throttling burst, images failed by timeouts finished by retry-failed once the endpoint
// answers again, and an image file deleted while the job runs. The SDK client retries a call itself (4 tries);
// an item's attempts count the queue's tries of the image, each up to 4 calls.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../shared/api/batch';
import { makeTempDir } from '../helpers/temp-dir';
import {
  batchRig,
  ENDPOINT,
  itemsOf,
  proposalsPerImage,
  runJob,
  settledJob,
  statuses,
  CHAIN,
  type BatchRig,
} from './batch-fixtures';

const account = async (rig: BatchRig, jobId: number) =>
  (await itemsOf(rig, jobId)).map((i) => [i.state, i.attempts, i.reason]);

describe('batch jobs against a failing endpoint: exact accounts and recovery', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let rig: BatchRig | undefined;
  const saved = { ...process.env };
  beforeEach(() => {
    tmp = makeTempDir('vps-batch-recovery-');
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
    process.env = saved;
    tmp.cleanup();
  });

  it('a burst of InternalFailure at concurrency 1: the exact attempts per image, every image done once', async () => {
    rig = await batchRig(tmp.dir, 5);
    // 6 failed calls in a row: the first image's first try (4 calls) fails, its second try gets 2 more
    // failures, then an answer.
    rig.emulator.faults.set(ENDPOINT, { error: 'InternalFailure', times: 6 });
    const job = await runJob(rig, { maxAttempts: 3, concurrency: 1 });
    expect(job).toMatchObject({ status: 'done', error: null, proposals: 5 });
    expect(job.counts).toMatchObject({ done: 5, failed: 0, pending: 0, running: 0 });
    expect(await account(rig, job.id)).toEqual([
      ['done', 2, null],
      ['done', 1, null],
      ['done', 1, null],
      ['done', 1, null],
      ['done', 1, null],
    ]);
    expect(statuses(rig.emulator)).toEqual({ 200: 5, 500: 6 });
    expect(await proposalsPerImage(rig, job.id)).toEqual([1, 1, 1, 1, 1]);
  });

  it('cuts the calls in flight when the endpoint throttles, grows them back, and finishes', async () => {
    rig = await batchRig(tmp.dir, 150, { jobConcurrency: 8 }, { computeMs: 30 });
    rig.emulator.faults.set(ENDPOINT, { error: 'ThrottlingException', times: 40 });
    const job = await runJob(rig, { maxAttempts: 10 });
    expect(job).toMatchObject({ status: 'done', proposals: 150 });
    expect(job.counts).toMatchObject({ done: 150, failed: 0 });
    const limits = rig.events.flatMap((e) =>
      e.type === 'batch.progress' && e.concurrency > 0 ? [e.concurrency] : [],
    );
    const low = Math.min(...limits);
    expect(low).toBeLessThanOrEqual(2);
    // After the lowest point the gate probes the endpoint again: the limit climbs back.
    expect(Math.max(...limits.slice(limits.indexOf(low)))).toBeGreaterThan(low + 1);
    const items = await itemsOf(rig, job.id);
    expect(items.every((i) => i.state === 'done' && i.reason === null)).toBe(true);
    // An image's try fails only when all 4 of its calls were throttled: 40 throttles, at most 10 such tries.
    const retried = items.filter((i) => i.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(items.reduce((n, i) => n + i.attempts - 1, 0)).toBeLessThanOrEqual(10);
    expect(statuses(rig.emulator)).toEqual({ 200: 150, 429: 40 });
    expect(await proposalsPerImage(rig, job.id)).toEqual(Array(150).fill(1));
  });

  it('retries calls that time out, fails the images with the reason after maxAttempts, then retries them', async () => {
    rig = await batchRig(tmp.dir, 2, { requestTimeoutSec: 1 });
    // Every call waits beyond the client's 1 s timeout: 2 tries of 4 calls per image, then failed.
    rig.emulator.faults.set(ENDPOINT, { latencyMs: 1500 });
    const job = await runJob(rig, { maxAttempts: 2, concurrency: 2 });
    expect(job).toMatchObject({ status: 'done', proposals: 0 });
    expect(job.counts).toMatchObject({ done: 0, failed: 2, pending: 0, running: 0 });
    for (const item of await itemsOf(rig, job.id)) {
      expect(item).toMatchObject({ state: 'failed', attempts: 2, proposals: 0 });
      expect(item.reason).toMatch(
        /^Endpoint 'grounded-sam' did not answer in time after 4 attempts: .+ \(the image was tried 2 times\)$/,
      );
    }
    // The endpoint is back: retrying the failed images finishes them, each once.
    rig.emulator.faults.clear(ENDPOINT);
    await rig.call('batch.retryFailed', { project: rig.project, jobId: job.id });
    const retried = await settledJob(rig, job.id);
    expect(retried).toMatchObject({ status: 'done', proposals: 2, counts: { done: 2, failed: 0 } });
    expect(await account(rig, job.id)).toEqual([
      ['done', 1, null],
      ['done', 1, null],
    ]);
    expect(await proposalsPerImage(rig, job.id)).toEqual([1, 1]);
  }, 30_000);

  it('skips an image whose file is deleted while the job runs, with the reason, and does the rest', async () => {
    rig = await batchRig(tmp.dir, 4);
    // The first call is slow, so the third image's file goes while the job is on the first.
    rig.emulator.faults.set(ENDPOINT, { latencyMs: 300, times: 1 });
    const created = await rig.call<BatchJob>('batch.create', {
      project: rig.project,
      chain: CHAIN,
      images: { all: true },
      settings: { maxAttempts: 4, concurrency: 1 },
    });
    expect(created.status).toBe('running');
    const gone = rig.images[2]!.path;
    rmSync(gone);
    const job = await settledJob(rig, created.id);
    expect(job).toMatchObject({ status: 'done', proposals: 3 });
    expect(job.counts).toMatchObject({ done: 3, skipped: 1, failed: 0 });
    const items = await itemsOf(rig, job.id);
    expect(items.map((i) => [i.state, i.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
      ['skipped', 1],
      ['done', 1],
    ]);
    expect(items[2]!.reason).toContain(gone);
    expect(statuses(rig.emulator)).toEqual({ 200: 3 });
    expect(await proposalsPerImage(rig, job.id)).toEqual([1, 1, 0, 1]);
  });
});
