// Text prompts over the real HTTP transport: 'car . driving lane' goes to the Grounded-SAM endpoint of Settings
// (the emulator: PicoDet + the classical segmenter) and comes back as labelled mask proposals in the project.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult } from '../../shared/api/segment';
import type { Annotation, Label } from '../../shared/domain';
import { boxIou } from '../../shared/geometry/nms';
import { rleToBox } from '../../shared/geometry/rle';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { groundedContainer } from '../../scripts/emulators/sagemaker/grounded-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { useEmulatorProfile } from '../helpers/aws-env';
import { hasSharedAssets, PICODET_MODEL, sharedPath } from '../helpers/shared-assets';
import { startTestServer, type TestServer } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe.skipIf(!hasSharedAssets)('text prompts through a Grounded-SAM endpoint', () => {
  const tmp = makeTempDir('vps-sm-text-');
  const saved = { ...process.env };
  let emulator: SagemakerEmulator;
  let segmenter: ClassicalSegmenter;
  let detector: PicoDetDetector;
  let t: TestServer;
  let project: string;
  let imageId: number;

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
    useEmulatorProfile(tmp.dir);
    t = await startTestServer();
    const drive = await t.projectWithImages(sharedPath('data', 'driving-sample', 'bdd100k_det'));
    project = drive.project;
    imageId = drive.images[0]!.id;
  });

  afterAll(async () => {
    process.env = saved;
    await t?.stop();
    await emulator?.close();
    await segmenter?.dispose();
    await detector?.dispose();
    tmp.cleanup();
  });

  it('without a Grounded-SAM endpoint, a text prompt says where to set one', async () => {
    const res = await t.envelope('segment.detect', { project, imageId, text: 'car' });
    expect(res).toMatchObject({ ok: false, error: { code: 'model_missing' } });
    if (!res.ok) expect(res.error.message).toMatch(/Settings > Model endpoints/);
  });

  it("'black car . driving lane' -> labelled mask proposals for the black cars it finds", async () => {
    const car = await t.ok<Label>('labels.create', { project, name: 'Car' });
    await t.ok('settings.update', {
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
    const result = await t.ok<DetectResult>('segment.detect', {
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
    const saved = await t.ok<Annotation[]>('annotations.list', { project, imageId });
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
