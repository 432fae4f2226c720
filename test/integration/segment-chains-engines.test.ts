// Segment and chains share the studio's engines: a chain run after a click and a detection on the same image
// builds no second classical engine (no second worker thread) and no second PicoDet session; a models folder
// change during a chain run lets the run finish on its engines, which are disposed after, and later work gets new
// ones. Real studio (dispatch, as every transport calls it), the real classical engine and PicoDet, real frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import type { Studio } from '../../electron/studio/create-studio';
import type { ChainEnginesInfo } from '../../shared/api/chains';
import type { DetectResult, SegmentRunResult } from '../../shared/api/segment';
import type { ChainRun, ChainRunImage } from '../../shared/chains/runs';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { drivingProject } from './chains-fixtures';

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

  const { call, finished } = studioCaller(() => studio);
  const runChain = (imageIds: number[]) =>
    call<{ jobId: string; runId: number }>('chains.run', { project, chain: CARS, imageIds });
  const click = (imageId: number, box: [number, number, number, number]) =>
    call<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [], box },
      multimask: false,
      selected: 0,
    });

  beforeAll(async () => {
    studio = createTestStudio(tmp.dir, {
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
    project = await drivingProject(studio, tmp.dir);
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('runs a chain after a click and a detection on the engines they used: one classical worker, one PicoDet', async () => {
    expect((await click(2, [400, 300, 700, 560])).engine).toBe('classical');
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
    expect((await click(1, [100, 100, 300, 300])).engine).toBe('classical');
    await call<ChainEnginesInfo>('chains.engines', {});
    expect([classical.length, detectors.length]).toEqual([2, 2]);
    expect(classical[1]!.disposed).toBe(false);
  });
});
