// An experiment on a SageMaker endpoint (Settings > Model endpoints, the real SDK client, the emulator), next to
// the local classical engine: the endpoint runs the same classical engine, so every object must score exactly as
// it does locally; the job's calls go through the endpoint gate.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchJob } from '../../shared/api/batch';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { EvalResult, EvalSummary } from '../../shared/api/eval';
import type { SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { drivingTruthProject, TRUTH_IMPORTS } from '../helpers/driving-truth';
import { startEndpointStudio } from '../helpers/segment-endpoints';
import { hasSharedAssets } from '../helpers/shared-assets';
import { studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!hasSharedAssets)('an experiment on a SageMaker endpoint', () => {
  const tmp = makeTempDir('vps-eval-endpoint-');
  let endpoints: Awaited<ReturnType<typeof startEndpointStudio>>;
  let emulator: SagemakerEmulator;
  let studio: Studio;
  let project: string;
  const { call } = studioCaller(() => studio);

  beforeAll(async () => {
    endpoints = await startEndpointStudio(tmp.dir);
    ({ emulator, studio } = endpoints);
    await call('settings.update', {
      endpoints: { ...DEFAULT_ENDPOINT_SETTINGS, endpointUrl: emulator.url, samEndpoint: 'sam' },
    });
    // One MOTS frame: 13 masked objects.
    project = await drivingTruthProject(call, join(tmp.dir, 'truth.vpstudio'), [TRUTH_IMPORTS[1]]);
  }, 120_000);
  afterAll(async () => {
    await endpoints?.close();
    tmp.cleanup();
  });

  it('scores the endpoint exactly as the same engine run locally', async () => {
    let job = await call<BatchJob>('batch.create', {
      project,
      kind: 'eval',
      spec: { strategies: ['box', 'centre'], engines: ['classical', 'sagemaker-sam'] },
      images: { all: true },
    });
    while (job.status === 'running' || job.status === 'queued') {
      await new Promise((r) => setTimeout(r, 50));
      job = await call<BatchJob>('batch.get', { project, jobId: job.id });
    }
    expect(job.status).toBe('done');
    const summary = await call<EvalSummary>('eval.summary', { project, jobId: job.id });
    expect(summary.objects).toBe(13);
    const page = await call<{ results: EvalResult[] }>('eval.results', {
      project,
      jobId: job.id,
      order: 'image',
      limit: 1000,
    });
    const byKey = (engine: string) =>
      new Map(page.results.filter((r) => r.engine === engine).map((r) => [`${r.truthId}/${r.strategy}`, r]));
    const local = byKey('classical');
    const remote = byKey('sagemaker-sam');
    expect(remote.size).toBe(26);
    for (const [key, r] of remote) {
      expect(r.modelId).toBe('sam');
      expect(r.iou, key).toBeCloseTo(local.get(key)!.iou!, 9);
    }
    // The wire contract has no shape-guess flag: an endpoint's answers count as cuts (SAM's always are).
    const row = summary.table.find((t) => t.engine === 'sagemaker-sam' && t.bucket === 'all')!;
    expect(row.objects).toBe(13);
    expect(row.shapeGuesses).toBe(0);
  }, 300_000);
});
