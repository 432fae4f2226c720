// The batch API through the studio's dispatch (what every transport calls): a job made from a saved chain runs
// to the end with its progress events; pause and resume pick up exactly the images not done; a job a closed
// studio left behind waits ('ask') or resumes by itself ('auto') when its project opens again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { Annotation, StudioEvent } from '../../shared/domain';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter, GridDetector } from './chains-fixtures';

/** The box-fill segmenter, answering after `delayMs` as a real engine takes time. */
class SlowBoxFill extends BoxFillSegmenter {
  delayMs = 0;
  override async segment(...args: Parameters<BoxFillSegmenter['segment']>) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    return super.segment(...args);
  }
}

const IMAGES = 12;
const TILES = 4;
const CHAIN = {
  steps: [
    { op: 'detect-class', classes: ['tile'] },
    { op: 'boxes-to-prompts' },
    { op: 'segment', model: 'box-fill-v1' },
  ],
};

describe('batch API', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let segmenter: SlowBoxFill;
  let project: string;
  let chainId: number;
  const { call } = studioCaller(() => studio);

  const open = () => {
    segmenter = new SlowBoxFill();
    studio = createTestStudio(tmp.dir, {
      chainEngines: { detectors: [new GridDetector(TILES)], segmenters: [segmenter] },
    });
  };
  const settled = async (jobId: number) => {
    for (;;) {
      const job = await call<BatchJob>('batch.get', { project, jobId });
      if (job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const proposalsOf = async (jobId: number) => {
    const items = await call<{ items: BatchItem[] }>('batch.items', { project, jobId, limit: 1000 });
    const perImage = await Promise.all(
      items.items.map(async (item) => {
        const anns = await call<Annotation[]>('annotations.list', { project, imageId: item.imageId });
        return anns.filter((a) => a.jobId === jobId);
      }),
    );
    return { items: items.items, perImage };
  };

  /** A job of one call at a time, each answer a little slow, once two images are done. */
  const startedHalfway = async () => {
    segmenter.delayMs = 15;
    const made = await call<BatchJob>('batch.create', {
      project,
      chainId,
      images: { all: true },
      settings: { concurrency: 1 },
    });
    while ((await call<BatchJob>('batch.get', { project, jobId: made.id })).counts.done < 2)
      await new Promise((r) => setTimeout(r, 5));
    return made;
  };

  beforeEach(async () => {
    tmp = makeTempDir('vps-batch-api-');
    const folder = join(tmp.dir, 'frames');
    mkdirSync(folder);
    for (let i = 0; i < IMAGES; i++)
      await makeImage(folder, `f${i}.png`, { width: 96, height: 64, format: 'png', pattern: i + 1 });
    open();
    project = (await projectWithImages(call, tmp.dir, folder)).project;
    chainId = (await call<{ id: number }>('chains.save', { project, name: 'Tiles', chain: CHAIN })).id;
  });
  afterEach(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('runs a saved chain on every image, reporting progress, one set of proposals per image', async () => {
    const events: StudioEvent[] = [];
    studio.events.subscribe((e) => events.push(e));
    const made = await call<BatchJob>('batch.create', { project, chainId, images: { all: true } });
    expect(made).toMatchObject({ name: 'Tiles', total: IMAGES, kind: 'chain' });
    const job = await settled(made.id);
    expect(job.status).toBe('done');
    expect(job.counts).toEqual({ pending: 0, running: 0, done: IMAGES, failed: 0, skipped: 0 });
    expect(job.proposals).toBe(IMAGES * TILES);

    const { perImage } = await proposalsOf(job.id);
    for (const anns of perImage) {
      expect(anns).toHaveLength(TILES);
      expect(anns.every((a) => a.reviewState === 'proposed' && a.source === 'model')).toBe(true);
      expect(anns[0]!.modelPrompt).toBe('detect-class tile → boxes-to-prompts → segment');
    }
    const progress = events.filter((e) => e.type === 'batch.progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ project, job: { id: job.id, status: 'done' } });
    expect(await call<BatchJob[]>('batch.list', { project })).toEqual([job]);
  });

  it('pauses, and resumes exactly the images not done', async () => {
    const made = await startedHalfway();
    const paused = await call<BatchJob>('batch.pause', { project, jobId: made.id });
    expect(paused.status).toBe('paused');
    expect(paused.counts.done).toBeLessThan(IMAGES);
    expect(paused.counts.running).toBe(0);

    await call('batch.resume', { project, jobId: made.id });
    const done = await settled(made.id);
    expect(done.counts.done).toBe(IMAGES);
    const { perImage } = await proposalsOf(made.id);
    expect(perImage.map((a) => a.length)).toEqual(Array(IMAGES).fill(TILES));
  });

  it('says clearly what it cannot do', async () => {
    await expect(
      call('batch.create', { project, chainId, images: { filter: { search: 'no-such-frame' } } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      call('batch.create', { project, chain: { steps: [{ op: 'fly' }] }, images: { all: true } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      call('batch.create', { project, chainId: 999, images: { all: true } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const job = await settled(
      (await call<BatchJob>('batch.create', { project, chainId, images: { all: true } })).id,
    );
    await expect(call('batch.retryFailed', { project, jobId: job.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(call('batch.resume', { project, jobId: job.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(call('batch.get', { project, jobId: 999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each(['ask', 'auto'] as const)(
    'a job the closed studio left behind: resumeJobs %s',
    async (resumeJobs) => {
      await call('settings.update', { resumeJobs });
      const made = await startedHalfway();
      await studio.close();

      open();
      await call('projects.open', { path: project });
      const after = await call<BatchJob>('batch.get', { project, jobId: made.id });
      if (resumeJobs === 'ask') {
        expect(after.status).toBe('interrupted');
        expect(after.counts.running).toBe(0);
        await call('batch.resume', { project, jobId: made.id });
      } else expect(['running', 'done']).toContain(after.status);
      const done = await settled(made.id);
      expect(done.status).toBe('done');
      const { perImage } = await proposalsOf(made.id);
      expect(perImage.map((a) => a.length)).toEqual(Array(IMAGES).fill(TILES));
    },
  );
});
