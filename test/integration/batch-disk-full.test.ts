// A batch job whose project file's disk fills up mid-job: the project lives on a small tmpfs of its own, a
// filler file takes the rest of the space while the job runs. The job must stop 'failed' with the I/O reason,
// leave the images not written pending, keep the file sound and what was accepted intact, and finish after
// space is freed with each image written once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../shared/api/batch';
import type { Annotation } from '../../shared/domain';
import { makeTempDir } from '../helpers/temp-dir';
import { batchRig, CHAIN, itemsOf, proposalsPerImage, settledJob, type BatchRig } from './batch-fixtures';

const DISK_MB = 8;

/** Mounts a tmpfs of `mb` MB at `dir`; the reason it cannot be done here, or null. */
function mountTmpfs(dir: string, mb: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})`;
  }
}

/** Writes `path` until the disk says it is full (ENOSPC); what the rest of the disk had. */
function fillDisk(path: string): number {
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  for (;;) {
    try {
      writeFileSync(path, chunk, { flag: 'a' });
      written += chunk.length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return written;
      throw err;
    }
  }
}

/** The job as the last progress event of its run said it ended. */
async function endOf(rig: BatchRig, jobId: number): Promise<BatchJob> {
  for (;;) {
    const end = rig.events.findLast(
      (e) => e.type === 'batch.progress' && e.job.id === jobId && e.job.status !== 'running',
    );
    if (end?.type === 'batch.progress') return end.job;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const probe = makeTempDir('vps-batch-disk-probe-');
const cannotMount = mountTmpfs(probe.dir, 1);
if (!cannotMount) execFileSync('umount', [probe.dir]);
probe.cleanup();

describe.skipIf(cannotMount !== null)(
  `a batch job on a full disk${cannotMount ? ` (skipped: ${cannotMount})` : ''}`,
  () => {
    const tmp = makeTempDir('vps-batch-disk-');
    const disk = join(tmp.dir, 'disk');
    const filler = join(disk, 'filler');
    const saved = { ...process.env };
    let rig: BatchRig;

    beforeAll(async () => {
      mkdirSync(disk);
      const failed = mountTmpfs(disk, DISK_MB);
      if (failed) throw new Error(failed);
      rig = await batchRig(tmp.dir, 300, { jobConcurrency: 4 }, { projectDir: disk, computeMs: 5 });
    });
    afterAll(async () => {
      await rig?.close();
      process.env = saved;
      execFileSync('umount', [disk]);
      tmp.cleanup();
    });

    it('stops failed with the I/O reason, loses nothing, and resumes to the end after space is freed', async () => {
      const accepted = await rig.call<Annotation[]>('annotations.save', {
        project: rig.project,
        imageId: rig.images[0]!.id,
        upserts: [{ labelId: null, kind: 'box', geometry: { kind: 'box', box: [1, 1, 9, 9] } }],
      });
      const created = await rig.call<BatchJob>('batch.create', {
        project: rig.project,
        chain: CHAIN,
        images: { all: true },
        settings: { maxAttempts: 4 },
      });
      for (;;) {
        const now = await rig.call<BatchJob>('batch.get', { project: rig.project, jobId: created.id });
        if (now.counts.done >= 20) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(fillDisk(filler)).toBeGreaterThan(0);
      // The disk refuses the job's end too: the studio says at once how it ended, and writes it once it can.
      const stopped = await endOf(rig, created.id);
      expect(stopped.status).toBe('failed');
      expect(stopped.error).toMatch(/disk is full/);
      const { done, pending, running, failed, skipped } = stopped.counts;
      expect({ running, failed, skipped }).toEqual({ running: 0, failed: 0, skipped: 0 });
      expect(done).toBeGreaterThanOrEqual(20);
      expect(done).toBeLessThan(300);
      expect(done + pending).toBe(300);
      // Each image written fully or not at all: a proposal exactly for the images done.
      const items = await itemsOf(rig, created.id);
      const perImage = await proposalsPerImage(rig, created.id);
      expect(perImage).toEqual(items.map((i) => (i.state === 'done' ? 1 : 0)));
      expect(items.filter((i) => i.state === 'pending').every((i) => i.proposals === 0)).toBe(true);

      const db = new Database(rig.project, { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      const kept = await rig.call<Annotation[]>('annotations.list', {
        project: rig.project,
        imageId: rig.images[0]!.id,
      });
      expect(kept.filter((a) => a.jobId === null)).toEqual(accepted);

      rmSync(filler);
      // Once the disk takes it, the file says it too (within a heartbeat, 2 s).
      expect(await settledJob(rig, created.id)).toMatchObject({ status: 'failed', error: stopped.error });
      expect((await settledJob(rig, created.id)).counts).toEqual(stopped.counts);
      await rig.call('batch.resume', { project: rig.project, jobId: created.id });

      // Full again mid-run: a resume while it is full says why it cannot start; one right after space is freed
      // (before the unsaved end is written) runs, and that stale end never overwrites it.
      const before = stopped.counts.done;
      while (
        (await rig.call<BatchJob>('batch.get', { project: rig.project, jobId: created.id })).counts.done <
        before + 20
      )
        await new Promise((r) => setTimeout(r, 5));
      fillDisk(filler);
      const eventsBefore = rig.events.length;
      let again: BatchJob | undefined;
      while (!again) {
        const end = rig.events
          .slice(eventsBefore)
          .findLast(
            (e) => e.type === 'batch.progress' && e.job.id === created.id && e.job.status !== 'running',
          );
        if (end?.type === 'batch.progress') again = end.job;
        else await new Promise((r) => setTimeout(r, 10));
      }
      expect(again).toMatchObject({ status: 'failed', error: stopped.error });
      await expect(rig.call('batch.resume', { project: rig.project, jobId: created.id })).rejects.toThrow(
        /io_error: The disk is full/,
      );
      rmSync(filler);
      await rig.call('batch.resume', { project: rig.project, jobId: created.id });
      const finished = await settledJob(rig, created.id);
      expect(finished).toMatchObject({ status: 'done', error: null, proposals: 300 });
      expect(finished.counts).toMatchObject({ done: 300, pending: 0, failed: 0 });
      expect(await proposalsPerImage(rig, created.id)).toEqual(Array(300).fill(1));
      // Two heartbeats later the job is still done.
      await new Promise((r) => setTimeout(r, 4500));
      expect(
        await rig.call<BatchJob>('batch.get', { project: rig.project, jobId: created.id }),
      ).toMatchObject({
        status: 'done',
        error: null,
      });
    }, 60_000);
  },
);
