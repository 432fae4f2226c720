// The chains API through the studio's dispatch (what every transport calls): plan, save, run on many images,
// replay, compare, with the real PicoDet from the shared models folder and the built-in classical engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import { dispatch } from '../../electron/studio/dispatch';
import type { ChainEnginesInfo, PlanResult, ProposeReport, RunComparison } from '../../shared/api/chains';
import type { ChainRun, ChainRunImage, SavedChain } from '../../shared/chains/runs';
import type { Annotation, Label } from '../../shared/domain';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { drivingProject } from './chains-fixtures';

describe.skipIf(!hasSharedAssets)('chains API', () => {
  const tmp = makeTempDir('vps-chains-api-');
  let studio: Studio;
  let project: string;

  const { call, finished } = studioCaller(() => studio);
  async function failure(method: string, input: unknown) {
    const out = await dispatch(studio.handlers, method, input);
    expect(out.ok).toBe(false);
    return !out.ok ? out.error : { code: 'none', message: '' };
  }
  beforeAll(async () => {
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: sharedPath('models') },
    });
    project = await drivingProject(studio, tmp.dir);
    await call('labels.create', { project, name: 'vehicle' });
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('lists the engines chains can use, and no Bedrock by default', async () => {
    const engines = await call<ChainEnginesInfo>('chains.engines', {});
    expect(engines.detectors.map((d) => d.modelId)).toEqual(['picodet-s-320-coco']);
    expect(engines.segmenters.map((s) => s.modelId)).toEqual(['classical-v1']);
    expect(engines.bedrock).toBeNull();
  });

  it('routes a segmentation request to the offline planner', async () => {
    const plan = await call<PlanResult>('chains.plan', {
      project,
      request: 'Segment all cars and pedestrians',
    });
    expect(plan).toMatchObject({
      route: 'chain',
      why: 'it asks to segment',
      answeredBy: 'offline planner',
      problems: [],
    });
    expect(plan.chain!.steps.map((s) => s.op)).toEqual([
      'detect-class',
      'boxes-to-prompts',
      'segment',
      'dedupe',
    ]);
    expect(plan.chain!.steps[0]).toMatchObject({ classes: ['car', 'person'] });
  });

  it('refuses a plan that cannot run here, with reasons', async () => {
    const plan = await call<PlanResult>('chains.plan', { project, request: 'segment the driving lane' });
    expect(plan.route).toBe('chain');
    expect(plan.chain).toBeNull();
    expect(plan.problems[0]).toContain("Nothing in 'segment the driving lane' can be detected here.");
  });

  it('routes a question about the image to the template answer, and says so', async () => {
    const plan = await call<PlanResult>('chains.plan', {
      project,
      request: 'How many cars are there?',
      imageId: 1,
    });
    expect(plan).toMatchObject({ route: 'question', answeredBy: 'offline template', chain: null });
    expect(plan.answer).toMatch(/^\d+ cars?\.$/);
    expect(Number(plan.answer!.split(' ')[0])).toBeGreaterThanOrEqual(2);
    expect(plan.notes[0]).toContain('No vision-language model is configured');
    const noImage = await call<PlanResult>('chains.plan', { project, request: 'What is in the picture?' });
    expect(noImage.problems).toEqual(['Open an image to ask about it.']);
  });

  it('saves, runs on every image, replays and compares two chains', async () => {
    const boxes = await call<SavedChain>('chains.save', {
      project,
      name: 'cars by box',
      request: 'segment cars',
      chain: {
        steps: [
          { op: 'detect-class', classes: ['car'] },
          { op: 'boxes-to-prompts' },
          { op: 'segment' },
          { op: 'map-labels', mapping: { car: 'vehicle' } },
        ],
      },
    });
    expect((await call<SavedChain[]>('chains.list', { project })).map((c) => c.name)).toEqual([
      'cars by box',
    ]);

    const a = await call<{ jobId: string; runId: number }>('chains.run', {
      project,
      chainId: boxes.id,
      imageIds: [1, 2, 3],
    });
    const jobA = await finished(a.jobId);
    expect(jobA).toMatchObject({ state: 'done', done: 3, total: 3 });
    const runA = await call<ChainRun>('chains.getRun', { project, runId: a.runId });
    expect(runA).toMatchObject({ status: 'done', chainId: boxes.id, name: 'cars by box', done: 3 });

    // Its masks go to the review queue as proposals, labelled 'vehicle' by the chain's label mapping; once.
    const proposed = await call<ProposeReport>('chains.propose', { project, runId: a.runId });
    expect(proposed).toEqual({ proposed: runA.regionCount, images: 3, unlabelled: 0, alreadyThere: 0 });
    const [vehicle] = await call<Label[]>('labels.list', { project });
    const annotations = await call<Annotation[]>('annotations.list', { project, imageId: 1 });
    expect(annotations.length).toBeGreaterThan(0);
    for (const x of annotations)
      expect(x).toMatchObject({
        kind: 'mask',
        source: 'model',
        reviewState: 'proposed',
        labelId: vehicle!.id,
        modelId: 'classical-v1',
      });
    expect(await call<ProposeReport>('chains.propose', { project, runId: a.runId })).toEqual({
      proposed: 0,
      images: 0,
      unlabelled: 0,
      alreadyThere: runA.regionCount,
    });

    const b = await call<{ jobId: string; runId: number }>('chains.run', {
      project,
      name: 'cars by centre point',
      imageIds: [1, 2, 3],
      chain: {
        steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-points' }, { op: 'segment' }],
      },
    });
    await finished(b.jobId);
    const images = await call<ChainRunImage[]>('chains.runImages', {
      project,
      runId: b.runId,
      imageIds: [1],
    });
    expect(images[0]!.steps.map((s) => s.modelId)).toEqual(['picodet-s-320-coco', undefined, 'classical-v1']);

    const cmp = await call<RunComparison>('chains.compare', { project, runA: a.runId, runB: b.runId });
    expect(cmp.images.map((i) => i.imageId)).toEqual([1, 2, 3]);
    expect(cmp.countA).toBe(runA.regionCount);
    expect(cmp.countB).toBe((await call<ChainRun>('chains.getRun', { project, runId: b.runId })).regionCount);
    expect(cmp.matched).toBeLessThanOrEqual(Math.min(cmp.countA, cmp.countB));
    expect(cmp.images.reduce((n, i) => n + i.matches.length, 0)).toBe(cmp.matched);

    const replay = await call<{ jobId: string; runId: number }>('chains.replay', { project, runId: a.runId });
    await finished(replay.jobId);
    const again = await call<ChainRun>('chains.getRun', { project, runId: replay.runId });
    expect(again).toMatchObject({ replayOf: a.runId, status: 'done', regionCount: runA.regionCount });
    const same = await call<RunComparison>('chains.compare', { project, runA: a.runId, runB: replay.runId });
    expect(same.matched).toBe(same.countA);
    expect(same.meanMatchedIou ?? 1).toBeCloseTo(1, 10);

    expect((await call<ChainRun[]>('chains.runs', { project })).map((r) => r.id)).toEqual([
      replay.runId,
      b.runId,
      a.runId,
    ]);
    expect((await failure('chains.resume', { project, runId: a.runId })).code).toBe('conflict');
  });

  it('cancels a running run by its id: the job ends cancelled, the run partial and resumable', async () => {
    const chain = {
      steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
    };
    const started = await call<{ jobId: string; runId: number }>('chains.run', {
      project,
      chain,
      imageIds: [1, 2, 3],
    });
    await call('chains.cancel', { project, runId: started.runId });
    expect((await finished(started.jobId)).state).toBe('cancelled');
    const run = await call<ChainRun>('chains.getRun', { project, runId: started.runId });
    expect(run.status).toBe('partial');
    expect(run.done).toBeLessThan(3);
    // Not running any more: cancelling again says so; resuming finishes it.
    expect((await failure('chains.cancel', { project, runId: started.runId })).code).toBe('conflict');
    expect((await failure('chains.cancel', { project, runId: 9999 })).code).toBe('not_found');
    const resumed = await call<{ jobId: string }>('chains.resume', { project, runId: started.runId });
    expect((await finished(resumed.jobId)).state).toBe('done');
    expect((await call<ChainRun>('chains.getRun', { project, runId: started.runId })).status).toBe('done');
  });

  it.each<[string, string, unknown, string, string]>([
    [
      'an unknown step',
      'chains.run',
      { chain: { steps: [{ op: 'teleport' }] }, imageIds: [1] },
      'invalid_input',
      "step 1 asks for 'teleport', which is not a step",
    ],
    [
      'a missing model',
      'chains.save',
      { name: 'x', chain: { steps: [{ op: 'detect-class', classes: ['car'], model: 'yolo' }] } },
      'invalid_input',
      "uses detector 'yolo', which is not available here",
    ],
    [
      'an unknown label',
      'chains.run',
      {
        chain: {
          steps: [
            { op: 'detect-class', classes: ['car'] },
            { op: 'map-labels', mapping: { car: 'truckish' } },
          ],
        },
        imageIds: [1],
      },
      'invalid_input',
      "maps to 'truckish', which is not a label of this project",
    ],
    [
      'an unknown image',
      'chains.run',
      { chain: { steps: [{ op: 'detect-class', classes: ['car'] }] }, imageIds: [99] },
      'not_found',
      'No image with id 99',
    ],
    [
      'nothing to run',
      'chains.run',
      { imageIds: [1] },
      'invalid_input',
      'Give a chain or a saved chain to run.',
    ],
  ])('refuses %s', async (_name, method, input, code, message) => {
    const error = await failure(method, { project, ...(input as object) });
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
