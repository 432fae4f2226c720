// The review API through the studio's dispatch: the queue of a job's proposals, filters, accept / reject per
// proposal and per image, the bulk accept whose preview count is the number it changes, next unreviewed, stats,
// and the audit trail naming the reviewer set in Settings.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import type { AuditEntry, ReviewImage, ReviewQueueItem, ReviewStats } from '../../shared/api/review';
import type { Annotation } from '../../shared/domain';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter, GridDetector } from './chains-fixtures';

const IMAGES = 6;
const TILES = 4;
const SCORES = [0.9, 0.8, 0.7, 0.6];

/** Box fill scoring the grid's tiles 0.9, 0.8, 0.7, 0.6 (left-top, right-top, left-bottom, right-bottom). */
class RankedBoxFill extends BoxFillSegmenter {
  override async segment(...args: Parameters<BoxFillSegmenter['segment']>) {
    const out = await super.segment(...args);
    const [x1, y1] = args[1].box ?? [0, 0];
    const tile = (x1 > 0 ? 1 : 0) + (y1 > 0 ? 2 : 0);
    return { ...out, candidates: out.candidates.map((c) => ({ ...c, score: SCORES[tile]! })) };
  }
}
const CHAIN = {
  steps: [
    { op: 'detect-class', classes: ['tile'] },
    { op: 'boxes-to-prompts' },
    { op: 'segment', model: 'box-fill-v1' },
  ],
};

describe('review API', () => {
  const tmp = makeTempDir('vps-review-api-');
  let studio: Studio;
  let project: string;
  let job: BatchJob;
  let imageIds: number[];
  const { call } = studioCaller(() => studio);
  const queue = (filter = {}) =>
    call<{ items: ReviewQueueItem[]; total: number }>('review.queue', { project, filter });

  beforeAll(async () => {
    const folder = join(tmp.dir, 'frames');
    mkdirSync(folder);
    for (let i = 0; i < IMAGES; i++)
      await makeImage(folder, `f${i}.png`, { width: 96, height: 64, format: 'png', pattern: i + 1 });
    studio = createTestStudio(tmp.dir, {
      chainEngines: { detectors: [new GridDetector(TILES)], segmenters: [new RankedBoxFill()] },
    });
    const made = await projectWithImages(call, tmp.dir, folder);
    project = made.project;
    imageIds = made.images.map((i) => i.id);
    await call('settings.update', { reviewerName: 'Ana' });
    const chainId = (await call<{ id: number }>('chains.save', { project, name: 'Tiles', chain: CHAIN })).id;
    const started = await call<BatchJob>('batch.create', { project, chainId, images: { all: true } });
    for (;;) {
      job = await call<BatchJob>('batch.get', { project, jobId: started.id });
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(job.status).toBe('done');
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('lists the images with proposals and what a filter matches', async () => {
    const all = await queue();
    expect(all.total).toBe(IMAGES);
    expect(all.items[0]).toMatchObject({ matching: TILES, counts: { proposed: TILES, accepted: 0 } });
    const high = await queue({ minScore: 0.8, jobIds: [job.id] });
    expect(high.items.map((i) => i.matching)).toEqual(Array(IMAGES).fill(2));
    expect((await queue({ jobIds: [job.id + 1] })).total).toBe(0);
    const view = await call<ReviewImage>('review.image', {
      project,
      imageId: imageIds[0],
      filter: { maxScore: 0.75 },
    });
    const scores = view.matching.map((id) => view.annotations.find((a) => a.id === id)!.score);
    expect(scores).toEqual([0.7, 0.6]);
  });

  it('accepts and rejects one proposal, and keeps who did it, when, and what it was', async () => {
    const view = await call<ReviewImage>('review.image', { project, imageId: imageIds[0] });
    const [first, second] = view.matching;
    const [rejected] = await call<Annotation[]>('review.decide', {
      project,
      ids: [first],
      decision: 'reject',
    });
    expect(rejected!.reviewState).toBe('rejected');
    await call('review.decide', { project, ids: [first], decision: 'accept' });
    const history = await call<AuditEntry[]>('review.history', { project, annotationId: first });
    expect(history.map((h) => [h.who, h.action, h.before.state, h.after.state])).toEqual([
      ['Ana', 'reject', 'proposed', 'rejected'],
      ['Ana', 'accept', 'rejected', 'accepted'],
    ]);
    expect(Date.parse(history[0]!.at)).not.toBeNaN();

    // An unknown id refuses the whole call: the known one is not changed either.
    await expect(
      call('review.decide', { project, ids: [second, 999_999], decision: 'reject' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await call<AuditEntry[]>('review.history', { project, annotationId: second })).toEqual([]);
  });

  it('an edit in the editor is in the history too', async () => {
    const anns = await call<Annotation[]>('annotations.list', { project, imageId: imageIds[1] });
    const p = anns.find((a) => a.score === 0.9)!;
    const other = await call<{ id: number }>('labels.create', { project, name: 'other' });
    await call('annotations.save', {
      project,
      imageId: imageIds[1],
      upserts: [{ ...p, labelId: other.id, reviewState: 'edited' }],
    });
    const [entry] = await call<AuditEntry[]>('review.history', { project, annotationId: p.id });
    expect(entry).toMatchObject({
      who: 'Ana',
      action: 'edit',
      before: { state: 'proposed', labelId: p.labelId },
      after: { state: 'edited', labelId: other.id },
      detail: null,
    });
  });

  it('bulk accept above a score changes exactly the previewed count', async () => {
    const filter = { minScore: 0.8 };
    const preview = await call<{ annotations: number; images: number }>('review.bulkPreview', {
      project,
      filter,
    });
    // Image 0's first proposal is accepted already; image 1's edited one was its best.
    expect(preview).toEqual({ annotations: 2 * IMAGES - 2, images: IMAGES });
    const applied = await call<{ changed: number }>('review.bulkApply', {
      project,
      filter,
      decision: 'accept',
    });
    expect(applied.changed).toBe(preview.annotations);
    expect(await call('review.bulkPreview', { project, filter })).toEqual({ annotations: 0, images: 0 });
    const stats = await call<ReviewStats>('review.stats', { project });
    expect(stats.byState).toEqual({
      proposed: 2 * IMAGES,
      accepted: 2 * IMAGES - 1,
      rejected: 0,
      edited: 1,
    });
    expect(stats.byJob).toEqual([
      { jobId: job.id, name: 'Tiles', count: TILES * IMAGES, proposed: 2 * IMAGES },
    ]);
    const anns = await call<Annotation[]>('annotations.list', { project, imageId: imageIds[3] });
    const bulk = await call<AuditEntry[]>('review.history', { project, annotationId: anns[0]!.id });
    expect(bulk[0]).toMatchObject({ action: 'bulk-accept', who: 'Ana', detail: { filter } });
  });

  it('goes to the next image with proposals to review, wrapping round, and rejects a whole image', async () => {
    const [a, b, , , , f] = imageIds;
    expect(await call('review.next', { project, imageId: a })).toBe(b);
    expect(await call('review.next', { project, imageId: a, direction: 'prev' })).toBe(f);
    const out = await call<{ changed: number }>('review.decideImage', {
      project,
      imageId: b,
      filter: {},
      decision: 'reject',
    });
    expect(out.changed).toBe(TILES);
    // Image b has nothing left to review: next from a skips it.
    expect(await call('review.next', { project, imageId: a })).toBe(imageIds[2]);
  });
});
