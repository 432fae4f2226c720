// Chains on SageMaker endpoints configured in Settings: the Grounded-SAM endpoint makes free-text detection
// possible, so the planner sends 'silver cars' to it; the run goes through the real SDK client to the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { ChainEnginesInfo, PlanResult } from '../../shared/api/chains';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { ChainRun, ChainRunImage } from '../../shared/chains/runs';
import type { SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { startEndpointStudio } from '../helpers/segment-endpoints';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { finishedJob, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!hasSharedAssets)('chains on SageMaker endpoints', () => {
  const tmp = makeTempDir('vps-chains-endpoints-');
  let endpoints: Awaited<ReturnType<typeof startEndpointStudio>>;
  let emulator: SagemakerEmulator;
  let studio: Studio;
  let project: string;
  const { call } = studioCaller(() => studio);

  beforeAll(async () => {
    endpoints = await startEndpointStudio(tmp.dir);
    ({ emulator, studio } = endpoints);
    project = (await projectWithImages(call, tmp.dir, sharedPath('data', 'driving-sample', 'bdd100k_det')))
      .project;
  });
  afterAll(async () => {
    await endpoints?.close();
    tmp.cleanup();
  });

  it('uses the endpoints once Settings name them, and sends free text to Grounded-SAM', async () => {
    const before = await call<ChainEnginesInfo>('chains.engines', {});
    expect(before.detectors).toEqual([]);
    expect(before.segmenters.map((s) => s.engine)).toEqual(['classical']);
    const offline = await call<PlanResult>('chains.plan', { project, request: 'segment the silver cars' });
    expect(offline.problems[0]).toContain("Nothing in 'segment the silver cars' can be detected here.");

    await call('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        endpointUrl: emulator.url,
        samEndpoint: 'sam',
        groundedSamEndpoint: 'grounded-sam',
      },
    });
    const after = await call<ChainEnginesInfo>('chains.engines', {});
    expect(after.detectors).toEqual([
      { modelId: 'grounded-sam', engine: 'sagemaker-grounded-sam', classes: null },
    ]);
    expect(after.segmenters.map((s) => s.modelId)).toEqual(['classical-v1', 'sam']);

    const plan = await call<PlanResult>('chains.plan', {
      project,
      request: 'segment the buses and the cars',
    });
    expect(plan.problems).toEqual([]);
    expect(plan.chain!.steps[0]).toMatchObject({ op: 'detect-text', text: 'buses . cars' });
    const chain = {
      ...plan.chain!,
      steps: plan.chain!.steps.map((s) => (s.op === 'segment' ? { ...s, model: 'sam' } : s)),
    };

    const started = await call<{ jobId: string; runId: number }>('chains.run', {
      project,
      chain,
      imageIds: [1],
    });
    expect((await finishedJob(call, started.jobId)).state).toBe('done');
    const run = await call<ChainRun>('chains.getRun', { project, runId: started.runId });
    expect(run.status).toBe('done');
    const [image] = await call<ChainRunImage[]>('chains.runImages', { project, runId: started.runId });
    expect(image!.steps.map((s) => s.modelId)).toEqual(['grounded-sam', undefined, 'sam', undefined]);
    // BDD100K frame 12305469 shows two cars (and a bus PicoDet scores below the threshold).
    expect(image!.regions.filter((r) => r.label === 'cars').length).toBeGreaterThanOrEqual(2);
    expect(image!.regions.every((r) => r.label === 'cars' || r.label === 'buses')).toBe(true);
    expect(image!.regions.every((r) => r.rle && r.area! > 0)).toBe(true);
    expect(emulator.invocations.filter((i) => i.endpoint === 'sam').length).toBe(image!.steps[2]!.inCount);
  });
});
