// Segment and chains share the studio's engines: a chain run after a click and a detection on the same image
// builds no second classical engine (no second worker thread) and no second PicoDet session; a models folder
// change during a chain run lets the run finish on its engines, which are disposed after, and later work gets new
// ones. Real studio (dispatch, as every transport calls it), the real classical engine and PicoDet, real frames.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { createStudio, type Studio } from '../../electron/studio/create-studio';
import { dispatch } from '../../electron/studio/dispatch';
import type { JobInfo } from '../../shared/api';
import type { ChainEnginesInfo } from '../../shared/api/chains';
import type { DetectResult, SegmentRunResult } from '../../shared/api/segment';
import type { ChainRun, ChainRunImage } from '../../shared/chains/runs';
import type { ProjectInfo } from '../../shared/domain';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { DRIVING_IMAGES } from './chains-fixtures';

/** The real classical engine, counted: one instance is one worker thread. */
class CountedClassical extends ClassicalSegmenter {
  disposed = false;
  override async dispose(): Promise<void> {
    this.disposed = true;
    await super.dispose();
  }
}

const CARS = {
  steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
};

describe.skipIf(!hasSharedAssets)('segment and chains share the studio engines', () => {
  const tmp = makeTempDir('vps-shared-engines-');
  const classical: CountedClassical[] = [];
  const detectors: PicoDetDetector[] = [];
  let studio: Studio;
  let project: string;

  async function call<T>(method: string, input: unknown): Promise<T> {
    const out = await dispatch(studio.handlers, method, input);
    if (!out.ok) throw new Error(`${method}: ${out.error.code}: ${out.error.message}`);
    return out.result as T;
  }
  async function finished(jobId: string): Promise<JobInfo> {
    for (;;) {
      const job = await call<JobInfo>('jobs.get', { jobId });
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function runChain(imageIds: number[]) {
    return call<{ jobId: string; runId: number }>('chains.run', { project, chain: CARS, imageIds });
  }

  beforeAll(async () => {
    studio = createStudio({
      dataDir: join(tmp.dir, 'data'),
      mode: 'browser',
      version: 'test',
      homeDir: tmp.dir,
      engines: {
        classical: () => {
          classical.push(new CountedClassical());
          return classical.at(-1)!;
        },
        detector: (entry, modelPath) => {
          detectors.push(new PicoDetDetector({ entry, modelPath }));
          return detectors.at(-1)!;
        },
      },
    });
    await call('models.setDir', { dir: sharedPath('models') });
    const folder = join(tmp.dir, 'images');
    mkdirSync(folder);
    for (const path of DRIVING_IMAGES) copyFileSync(path, join(folder, basename(path)));
    project = (await call<ProjectInfo>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' }))
      .path;
    const { jobId } = await call<{ jobId: string }>('images.importFolder', { project, folder });
    expect((await finished(jobId)).state).toBe('done');
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('runs a chain after a click and a detection on the engines they used: one classical worker, one PicoDet', async () => {
    const click = await call<SegmentRunResult>('segment.run', {
      project,
      imageId: 2,
      prompt: { points: [], box: [400, 300, 700, 560] },
      multimask: false,
      selected: 0,
    });
    expect(click.engine).toBe('classical');
    const found = await call<DetectResult>('segment.detect', {
      project,
      imageId: 2,
      classes: ['car'],
      propose: false,
    });
    expect(found.detections.length).toBeGreaterThan(0);
    expect([classical.length, detectors.length]).toEqual([1, 1]);

    const engines = await call<ChainEnginesInfo>('chains.engines', {});
    expect(engines.segmenters.map((s) => s.modelId)).toEqual(['classical-v1']);
    const { jobId, runId } = await runChain([1, 2]);
    expect((await finished(jobId)).state).toBe('done');
    const images = await call<ChainRunImage[]>('chains.runImages', { project, runId });
    expect(images.map((i) => i.status)).toEqual(['done', 'done']);
    expect(images[1]!.steps.map((s) => s.modelId)).toEqual(['picodet-s-320-coco', undefined, 'classical-v1']);
    expect(images[1]!.regions.length).toBeGreaterThan(0);
    expect([classical.length, detectors.length]).toEqual([1, 1]);
  });

  it('finishes a running chain on its engines when the models folder is set meanwhile; new work gets new ones', async () => {
    const { jobId, runId } = await runChain([1, 2, 3]);
    // Same folder, but a reset all the same: the registry cannot know the files did not change.
    await call('models.setDir', { dir: sharedPath('models') });
    expect(classical[0]!.disposed).toBe(false);
    expect((await finished(jobId)).state).toBe('done');
    const run = await call<ChainRun>('chains.getRun', { project, runId });
    expect(run.status).toBe('done');
    const images = await call<ChainRunImage[]>('chains.runImages', { project, runId });
    expect(images.map((i) => i.status)).toEqual(['done', 'done', 'done']);
    // Released with the job: the old engines go, and the next click builds the new set once.
    expect(classical[0]!.disposed).toBe(true);
    const click = await call<SegmentRunResult>('segment.run', {
      project,
      imageId: 1,
      prompt: { points: [], box: [100, 100, 300, 300] },
      multimask: false,
      selected: 0,
    });
    expect(click.engine).toBe('classical');
    await call<ChainEnginesInfo>('chains.engines', {});
    expect([classical.length, detectors.length]).toEqual([2, 2]);
    expect(classical[1]!.disposed).toBe(false);
  });
});
