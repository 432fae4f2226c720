// Asynchronous inference from the UI of the built browser-mode studio, in Chromium: the user sets up the async
// endpoints and the bucket in Settings > Model endpoints and tests them (s3rver and the emulator's async
// endpoints, real SDK clients in the studio process), then starts an embeddings job from the jobs screen, sees
// its request count and cost line, and every image ends up embedded in the cache: clicks then send nothing.
// Writes test-results/screenshots/async-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { BatchJob } from '../../shared/api/batch';
import type { SegmentRunResult } from '../../shared/api/segment';
import { fixedGroundedContainer } from '../../scripts/emulators/sagemaker/fixed-container';
import { encoderFromLocalSam } from '../../scripts/emulators/sagemaker/local-sam-encoder';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { BUCKET, startAsyncRig, type AsyncRig } from '../helpers/async-endpoints';
import { useEmulatorKeys } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { padOnnx, writeSamTestModels } from '../helpers/sam-test-models';
import { callApi, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1280, height: 1000 };
const SHOTS = join('test-results', 'screenshots');
const IMAGES = 8;

describe('async inference jobs in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-async-');
  const saved = { ...process.env };
  const modelsDir = join(tmp.dir, 'models');
  const samDir = join(modelsDir, 'mobile-sam');
  const entry = writeSamTestModels(samDir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph');
  for (const f of entry.files) padOnnx(join(samDir, f.file), f.sizeBytes!);
  const cache = new EmbeddingCache({ maxMemoryMB: 64, dir: null });
  const engine = createLocalSamSegmenter({ entry, modelDir: samDir, cache });
  let rig: AsyncRig;
  let app: BrowserStudio;

  beforeAll(async () => {
    rig = await startAsyncRig({
      dir: tmp.dir,
      asyncContainers: {
        'sam-async': samContainer({
          segmenter: engine,
          encoder: encoderFromLocalSam(engine, cache),
          images: new RequestImages(join(tmp.dir, 'emulator')),
        }),
        'grounded-async': fixedGroundedContainer(),
      },
      instances: 2,
      queueDelayMs: 50,
    });
    // The studio process inherits these, as it would a user's environment.
    useEmulatorKeys();
    process.env.VISPROMPT_MODELS_DIR = modelsDir;
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });

  afterAll(async () => {
    process.env = saved;
    await app?.stop();
    await rig?.close();
    await engine.dispose();
    tmp.cleanup();
  });

  it('sets up async inference, tests it, and embeds a folder from the jobs screen', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    mkdirSync(SHOTS, { recursive: true });
    const folder = join(tmp.dir, 'frames');
    for (let i = 1; i <= IMAGES; i++)
      await makeImage(folder, `f${i}.png`, {
        width: 160,
        height: 120,
        format: 'png',
        pattern: i,
        texture: true,
      });
    const projectPath = join(tmp.dir, 'Frames.vpstudio');
    await createProject(page, { name: 'Frames', path: projectPath, folder, images: IMAGES });

    await page.evaluate(() => (location.hash = '#/settings'));
    await page.getByTestId('settings-endpoints').waitFor();
    const fill = (field: string, value: string) => page.getByTestId(`settings-ep-${field}`).fill(value);
    await fill('awsRegion', rig.emulator.region);
    await fill('endpointUrl', rig.emulator.url);
    await fill('asyncSamEndpoint', 'sam-async');
    await fill('asyncGroundedSamEndpoint', 'grounded-async');
    await fill('s3Bucket', BUCKET);
    await fill('s3Prefix', 'studio/');
    await fill('s3EndpointUrl', rig.s3.url);
    await fill('asyncInstanceType', 'ml.g5.xlarge');
    await fill('asyncPricePerHour', '1.41');
    await fill('asyncSecondsPerRequest', '0.35');
    await page.getByTestId('settings-ep-test').click();
    const results = page.getByTestId('settings-ep-results');
    await results.waitFor({ timeout: 30_000 });
    const text = (await results.textContent()) ?? '';
    expect(text).toMatch(/s3:\/\/vps-async-test\/studio\/ \(s3-bucket\): writes and reads request objects/);
    expect(text).toMatch(
      /sam-async \(async-sam\): queued a test request; answers go to s3:\/\/vps-async-test/,
    );
    expect(text).toMatch(/grounded-async \(async-grounded-sam\): queued a test request/);
    await page.getByTestId('settings-endpoints').screenshot({ path: join(SHOTS, 'async-settings.png') });
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => callApi(page, 'settings.get', {}))
      .toMatchObject({ endpoints: { s3Bucket: BUCKET, asyncPricePerHour: 1.41 } });

    await page.evaluate((p) => (location.hash = `#/project/jobs?path=${encodeURIComponent(p)}`), projectPath);
    await page.getByTestId('jobs-screen').waitFor();
    await page.getByTestId('job-what').selectOption('async-embeddings');
    const line = page.getByTestId('job-cost-line');
    await expect
      .poll(() => line.textContent())
      .toBe(
        `At most ${IMAGES} requests on ml.g5.xlarge: 3 s of instance time at 0.35 s each, about < 0.01 at 1.41/h (S3 and scale-up not counted).`,
      );
    await page.getByTestId('job-new').screenshot({ path: join(SHOTS, 'async-new-job.png') });
    await page.getByTestId('job-start').click();

    await expect
      .poll(
        async () =>
          (await callApi<BatchJob[]>(page, 'batch.list', { project: projectPath })).map((j) => [
            j.status,
            j.counts.done,
          ]),
        { timeout: 60_000 },
      )
      .toEqual([['done', IMAGES]]);
    // The job's requests (Test connection queued one of its own).
    const jobRequests = () =>
      rig.endpoints['sam-async']!.outcomes.filter((o) => !o.inferenceId.startsWith('test-connection'));
    expect(jobRequests().map((o) => o.outcome)).toEqual(Array(IMAGES).fill('output'));

    // Every image's first click decodes the embedding the job left: no request, no encoder time.
    const { items } = await callApi<{ items: { id: number }[] }>(page, 'images.list', {
      project: projectPath,
    });
    for (const image of items) {
      const click = await callApi<SegmentRunResult>(page, 'segment.run', {
        project: projectPath,
        imageId: image.id,
        prompt: { points: [{ point: [60, 50], positive: true }], box: null },
        multimask: false,
        selected: 0,
      });
      expect(click.engine).toBe('sagemaker-sam-embedding');
    }
    expect(jobRequests()).toHaveLength(IMAGES);

    // The pre-label job kinds with a prompt: the start button waits for one.
    await page.getByTestId('job-what').selectOption('async-grounded');
    expect(await page.getByTestId('job-start').isDisabled()).toBe(true);
    await page.getByTestId('job-async-prompt').fill('car . person');
    expect(await page.getByTestId('job-start').isDisabled()).toBe(false);
    await page.getByTestId('job-new').screenshot({ path: join(SHOTS, 'async-prelabel-job.png') });
    expect(errors).toEqual([]);
  }, 180_000);
});
