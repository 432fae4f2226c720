// What the batch-job benches share: many small generated frames, and a job followed to its end.
import { mkdirSync } from 'node:fs';
import type { Studio } from '../../../electron/studio/create-studio';
import type { BatchJob } from '../../../shared/api/batch';
import { makeImage } from '../../../test/helpers/images';
import { studioCaller } from '../../../test/helpers/studio-server';

const ACTIVE = new Set(['queued', 'running']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `count` generated frames f00000.<ext> ... in `dir`, made 8 at a time (not timed by the benches). */
export async function makeImages(
  dir: string,
  count: number,
  spec: (i: number) => Parameters<typeof makeImage>[2],
  ext = 'png',
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++)
      await makeImage(dir, `f${String(i).padStart(5, '0')}.${ext}`, spec(i));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * The job once it ends: told by its last batch.progress event (polling batch.get would load the studio), with
 * a batch.get every `pollEvery` ticks of 25 ms in case that event was missed.
 */
export async function settle(
  studio: Studio,
  project: string,
  jobId: number,
  pollEvery = 20,
): Promise<BatchJob> {
  const { call } = studioCaller(() => studio);
  let ended: BatchJob | null = null;
  const off = studio.events.subscribe((e) => {
    if (
      e.type === 'batch.progress' &&
      e.project === project &&
      e.job.id === jobId &&
      !ACTIVE.has(e.job.status)
    )
      ended = e.job;
  });
  try {
    for (let polls = 0; ; polls++) {
      if (ended) return ended;
      if (polls % pollEvery === pollEvery - 1) {
        const job = await call<BatchJob>('batch.get', { project, jobId });
        if (!ACTIVE.has(job.status)) return job;
      }
      await sleep(25);
    }
  } finally {
    off();
  }
}
