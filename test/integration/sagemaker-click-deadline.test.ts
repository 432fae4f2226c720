// A permanently slow SageMaker endpoint must not hold a click for attempts x timeout (minutes): clicks and text
// prompts give up after the click deadline of Settings > Model endpoints with an error that says so, while a
// chain run on the same endpoint keeps the per-call timeout and retries and waits for a slow answer. The real SDK
// client against the emulator, whose fault injection makes the endpoint slow.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import type { Detector } from '../../electron/inference/segmenter';
import { engineImage } from '../../electron/segment/segment-service';
import type { Studio } from '../../electron/studio/create-studio';
import type { SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { DEFAULT_ENDPOINT_SETTINGS, endpointSettingsSchema } from '../../shared/api/endpoints';
import type { SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import type { ChainRunImage } from '../../shared/chains/runs';
import type { AppSettings } from '../../shared/domain';
import { useEmulatorKeys } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { startSegmentEndpoints } from '../helpers/segment-endpoints';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

/** The Grounded-SAM endpoint's detector: one car, wherever the image. */
const oneCar: Detector = {
  engine: 'fixed',
  modelId: 'fixed',
  classes: ['car'],
  detect: async () => [{ label: 'car', classId: 2, score: 0.9, box: [40, 40, 120, 100] }],
  dispose: async () => {},
};

describe('the click deadline of a SageMaker endpoint', () => {
  const tmp = makeTempDir('vps-click-deadline-');
  const saved = { ...process.env };
  const segmenter = new ClassicalSegmenter();
  let emulator: SagemakerEmulator;
  let studio: Studio;
  let project: string;
  let imageId: number;
  const { call, finished } = studioCaller(() => studio);

  const click = () =>
    call<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: [80, 70], positive: true }], box: null },
      multimask: false,
      selected: 0,
    });
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const outcome = await work().then(
      (value) => ({ value, error: null }),
      (error: unknown) => ({ value: null, error }),
    );
    return { ...outcome, seconds: (performance.now() - started) / 1000 };
  };

  beforeAll(async () => {
    useEmulatorKeys();
    emulator = await startSegmentEndpoints(tmp.dir, { segmenter, detector: oneCar });
    studio = createTestStudio(tmp.dir, { env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') } });
    const folder = join(tmp.dir, 'images');
    await makeImage(folder, 'frame.png', { width: 160, height: 120, format: 'png', pattern: 'quadrant' });
    const made = await projectWithImages(call, tmp.dir, folder);
    project = made.project;
    imageId = made.images[0]!.id;
    // The endpoint's engine starts its worker (OpenCV) on first use: not something a 2 s deadline should time.
    await segmenter.segment(
      engineImage(made.images[0]!),
      { points: [{ point: [80, 70], positive: true }], box: null, previous: null },
      { multimask: false },
    );
    await call<AppSettings>('settings.update', {
      endpoints: {
        ...DEFAULT_ENDPOINT_SETTINGS,
        endpointUrl: emulator.url,
        samEndpoint: 'sam',
        groundedSamEndpoint: 'grounded-sam',
        embeddingMode: false,
        requestTimeoutSec: 30,
        clickDeadlineSec: 2,
      },
    });
  });
  afterAll(async () => {
    process.env = saved;
    await studio?.close();
    await emulator?.close();
    await segmenter.dispose();
    tmp.cleanup();
  });

  it('is a setting with the other endpoint settings, validated, and the segment panel names it', async () => {
    expect(DEFAULT_ENDPOINT_SETTINGS.clickDeadlineSec).toBe(8);
    // Endpoint settings saved before the deadline existed get the default.
    const { clickDeadlineSec: _, ...older } = DEFAULT_ENDPOINT_SETTINGS;
    expect(endpointSettingsSchema.parse({ ...older, samEndpoint: 'x' }).clickDeadlineSec).toBe(8);
    await expect(
      call('settings.update', { endpoints: { ...DEFAULT_ENDPOINT_SETTINGS, clickDeadlineSec: 0 } }),
    ).rejects.toThrow(/invalid_input.*endpoints\.clickDeadlineSec/);
    const status = await call<SegmentStatus>('segment.status', {});
    expect(status.segmenter.reason).toMatch(/endpoint 'sam'.*a click waits at most 2 s/);
  });

  it('a click on a permanently slow endpoint fails after the deadline (2 s), not attempts x timeout', async () => {
    expect((await click()).engine).toBe('sagemaker-sam'); // answers while the endpoint is fast
    emulator.faults.set('sam', { latencyMs: 600_000 });
    const { error, seconds } = await timed(click);
    emulator.faults.clear('sam');
    expect(error).toMatchObject({ code: 'endpoint_unavailable' });
    expect((error as Error).message).toMatch(
      /Endpoint 'sam' did not answer within 2 s.*Settings > Model endpoints/,
    );
    expect(seconds).toBeGreaterThan(1.9);
    expect(seconds).toBeLessThan(5);
    expect((await click()).engine).toBe('sagemaker-sam'); // and the next click, on a fast endpoint, works
  });

  it('a text prompt on a slow Grounded-SAM endpoint fails after the deadline too', async () => {
    emulator.faults.set('grounded-sam', { latencyMs: 600_000 });
    const { error, seconds } = await timed(() => call('segment.detect', { project, imageId, text: 'car' }));
    emulator.faults.clear('grounded-sam');
    expect((error as Error).message).toMatch(/Endpoint 'grounded-sam' did not answer within 2 s/);
    expect(seconds).toBeLessThan(5);
  });

  it('a chain run waits through an endpoint slower than the click deadline', async () => {
    emulator.faults.set('sam', { latencyMs: 3000 });
    emulator.faults.set('grounded-sam', { latencyMs: 3000 });
    const chain = {
      steps: [
        { op: 'detect-text', text: 'car', model: 'grounded-sam' },
        { op: 'boxes-to-prompts' },
        { op: 'segment', model: 'sam' },
      ],
    };
    const { value, seconds } = await timed(async () => {
      const { jobId, runId } = await call<{ jobId: string; runId: number }>('chains.run', {
        project,
        chain,
        imageIds: [imageId],
      });
      return { job: await finished(jobId), runId };
    });
    emulator.faults.clear();
    expect(value!.job.state).toBe('done');
    expect(seconds).toBeGreaterThan(6);
    const [image] = await call<ChainRunImage[]>('chains.runImages', { project, runId: value!.runId });
    expect(image!.regions).toHaveLength(1);
    expect(image!.regions[0]!.rle).toBeTruthy();
  });
});
