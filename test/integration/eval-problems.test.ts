// Bad input to an experiment is counted, never a crash: an image without truth, a truth that is a box, an engine
// that takes boxes only (its point prompts are each a problem row, its boxes scored), an image whose file is gone
// (the job skips it and says why). An exact engine on a rectangle scores IoU 1.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EngineImage,
  SegmentOptions,
  SegmentPrompt,
  SegmentResult,
  Segmenter,
} from '../../electron/inference/segmenter';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { EvalSummary } from '../../shared/api/eval';
import type { ImageRecord } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { createMask, maskToRle } from '../../shared/geometry';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter } from './chains-fixtures';

/** Fills the box it is given; refuses point prompts, as an engine that takes boxes only does. */
class BoxOnly implements Segmenter {
  readonly engine = 'box-only';
  readonly modelId = 'box-only-v1';
  private readonly fill = new BoxFillSegmenter();
  prepare = () => this.fill.prepare();
  dispose = () => this.fill.dispose();
  async segment(image: EngineImage, prompt: SegmentPrompt, options: SegmentOptions): Promise<SegmentResult> {
    if (!prompt.box) throw new StudioError('invalid_input', 'This engine takes boxes, not points.');
    return { ...(await this.fill.segment(image, prompt, options)), modelId: this.modelId };
  }
}

describe('an experiment on bad input', () => {
  const tmp = makeTempDir('vps-eval-problems-');
  let studio: Studio;
  let project: string;
  let images: ImageRecord[];
  const { call } = studioCaller(() => studio);

  beforeAll(async () => {
    for (const name of ['a', 'b', 'c', 'd'])
      await makeImage(`${tmp.dir}/frames`, `${name}.png`, {
        width: 40,
        height: 30,
        format: 'png',
        pattern: name.charCodeAt(0),
      });
    studio = createTestStudio(tmp.dir, { chainEngines: { segmenters: [new BoxOnly()] } });
    ({ project, images } = await projectWithImages(call, tmp.dir, `${tmp.dir}/frames`));
    const rect = createMask(40, 30);
    for (let y = 5; y < 15; y++) rect.data.fill(1, y * 40 + 10, y * 40 + 30);
    const truth = (upserts: unknown[], image: ImageRecord) =>
      call('annotations.save', { project, imageId: image.id, upserts });
    const mask = {
      labelId: null,
      kind: 'mask',
      geometry: { kind: 'mask', box: [10, 5, 30, 15] },
      rle: maskToRle(rect),
      source: 'import',
    };
    const box = {
      labelId: null,
      kind: 'box',
      geometry: { kind: 'box', box: [1, 1, 8, 8] },
      source: 'import',
    };
    // a: a rectangle mask and a box; b: nothing; c: a polygon; d: a mask, then its file goes.
    await truth([mask, box], images[0]!);
    await truth(
      [
        {
          labelId: null,
          kind: 'polygon',
          geometry: {
            kind: 'polygon',
            rings: [
              [
                [2, 2],
                [20, 2],
                [20, 20],
                [2, 20],
              ],
            ],
          },
          source: 'import',
        },
      ],
      images[2]!,
    );
    await truth([mask], images[3]!);
    rmSync(images[3]!.path);
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('counts each problem and scores the rest', async () => {
    let job = await call<BatchJob>('batch.create', {
      project,
      kind: 'eval',
      spec: { strategies: ['box', 'centre', 'filled-box'], engines: ['box-only'] },
      images: { all: true },
    });
    while (job.status === 'running' || job.status === 'queued') {
      await new Promise((r) => setTimeout(r, 20));
      job = await call<BatchJob>('batch.get', { project, jobId: job.id });
    }
    expect(job.status).toBe('done');
    expect(job.counts).toMatchObject({ done: 3, skipped: 1, failed: 0 });
    const { items } = await call<{ items: BatchItem[] }>('batch.items', {
      project,
      jobId: job.id,
      states: ['skipped'],
    });
    expect(items[0]!.reason).toMatch(/missing/);

    const summary = await call<EvalSummary>('eval.summary', { project, jobId: job.id });
    expect(summary.problems).toEqual([
      { reason: 'box-only cannot take the centre prompt: This engine takes boxes, not points.', count: 2 },
      { reason: 'truth is a box, not a mask', count: 1 },
      { reason: 'image has no ground truth', count: 1 },
    ]);
    expect(summary.objects).toBe(2);
    const all = (engine: string, strategy: string) =>
      summary.table.find((r) => r.engine === engine && r.strategy === strategy && r.bucket === 'all');
    // The rectangle filled from its own box is exact; the polygon is a square whose box fill is exact too.
    expect(all('box-only', 'box')).toMatchObject({ objects: 2, miou: 1, precision: 1, recall: 1 });
    expect(all('baseline', 'filled-box')).toMatchObject({ objects: 2, miou: 1 });
    expect(all('box-only', 'centre')).toBeUndefined();
  });
});
