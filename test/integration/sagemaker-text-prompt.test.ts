// Text prompts over the real HTTP transport: 'car . driving lane' goes to the Grounded-SAM endpoint of Settings
// (the emulator: PicoDet + the classical segmenter) and comes back as labelled mask proposals in the project.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage, JobInfo } from '../../shared/api';
import type { DetectResult } from '../../shared/api/segment';
import type { Annotation, Label, ProjectInfo } from '../../shared/domain';
import type { Envelope } from '../../shared/transport';
import { boxIou } from '../../shared/geometry/nms';
import { rleToBox } from '../../shared/geometry/rle';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { startServer, type RunningServer } from '../../electron/server/http-server';
import { createStudio, type Studio } from '../../electron/studio/create-studio';
import { groundedContainer } from '../../scripts/emulators/sagemaker/grounded-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { hasSharedAssets, PICODET_MODEL, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!hasSharedAssets)('text prompts through a Grounded-SAM endpoint', () => {
  const tmp = makeTempDir('vps-sm-text-');
  const saved = { ...process.env };
  let emulator: SagemakerEmulator;
  let segmenter: ClassicalSegmenter;
  let detector: PicoDetDetector;
  let studio: Studio;
  let server: RunningServer;
  let project: string;
  let imageId: number;

  async function call<T>(method: string, input: unknown): Promise<Envelope<T>> {
    const res = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Envelope<T>;
  }
  async function ok<T>(method: string, input: unknown): Promise<T> {
    const body = await call<T>(method, input);
    if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
    return body.result;
  }

  beforeAll(async () => {
    segmenter = new ClassicalSegmenter();
    detector = new PicoDetDetector({
      entry: modelEntry(MANIFEST, 'picodet-s-320-coco'),
      modelPath: PICODET_MODEL,
    });
    emulator = await startSagemakerEmulator({
      containers: {
        'grounded-sam': groundedContainer({
          detector,
          segmenter,
          images: new RequestImages(join(tmp.dir, 'emu')),
        }),
      },
    });
    writeFileSync(
      join(tmp.dir, 'credentials'),
      `[emulator]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
    );
    writeFileSync(join(tmp.dir, 'config'), '');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmp.dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(tmp.dir, 'config');
    const staticDir = join(tmp.dir, 'static');
    mkdirSync(staticDir);
    studio = createStudio({
      dataDir: join(tmp.dir, 'data'),
      mode: 'browser',
      version: 'test',
      homeDir: tmp.dir,
    });
    server = await startServer({ studio, staticDir, token: 'test-token-0123456789' });
    project = (await ok<ProjectInfo>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' }))
      .path;
    const folder = sharedPath('data', 'driving-sample', 'bdd100k_det');
    const { jobId } = await ok<{ jobId: string }>('images.importFolder', { project, folder });
    let job = await ok<JobInfo>('jobs.get', { jobId });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = await ok<JobInfo>('jobs.get', { jobId });
    }
    imageId = (await ok<ImagePage>('images.list', { project })).items[0]!.id;
  });

  afterAll(async () => {
    process.env = saved;
    await server?.close();
    await studio?.close();
    await emulator?.close();
    await segmenter?.dispose();
    await detector?.dispose();
    tmp.cleanup();
  });

  it('without a Grounded-SAM endpoint, a text prompt says where to set one', async () => {
    const res = await call('segment.detect', { project, imageId, text: 'car' });
    expect(res).toMatchObject({ ok: false, error: { code: 'model_missing' } });
    if (!res.ok) expect(res.error.message).toMatch(/Settings > Model endpoints/);
  });

  it("'black car . driving lane' -> labelled mask proposals for the black cars it finds", async () => {
    const car = await ok<Label>('labels.create', { project, name: 'Car' });
    await ok('settings.update', {
      endpoints: {
        awsProfile: 'emulator',
        awsRegion: 'us-east-1',
        endpointUrl: emulator.url,
        samEndpoint: '',
        groundedSamEndpoint: 'grounded-sam',
        embeddingMode: true,
        requestTimeoutSec: 30,
      },
    });
    const result = await ok<DetectResult>('segment.detect', {
      project,
      imageId,
      text: 'black car . driving lane',
      minScore: 0.3,
      propose: true,
    });
    expect(result.engine).toBe('sagemaker-grounded-sam');
    expect(result.detections.length).toBeGreaterThan(0);
    expect(result.detections.every((d) => d.label === 'black car' && d.rle?.size.join() === '720,1280')).toBe(
      true,
    );
    // The near car of this night frame (BDD100K ground truth) is black; the pale one beside it is not.
    expect(Math.max(...result.detections.map((d) => boxIou(d.box, [909, 316, 1128, 495])))).toBeGreaterThan(
      0.8,
    );
    const saved = await ok<Annotation[]>('annotations.list', { project, imageId });
    const proposals = saved.filter((a) => result.proposals.some((p) => p.id === a.id));
    expect(proposals).toHaveLength(result.detections.length);
    // Each mask is boxed by its own pixels, so the renderer can propose it as it is.
    expect(result.detections.every((d) => JSON.stringify(rleToBox(d.rle!)) === JSON.stringify(d.box))).toBe(
      true,
    );
    expect(
      proposals.every(
        (a) => a.kind === 'mask' && a.rle && a.labelId === car.id && a.reviewState === 'proposed',
      ),
    ).toBe(true);
  });
});
