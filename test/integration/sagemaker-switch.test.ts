// Browser mode, over the real HTTP transport: a user segments with the local SAM engine, switches the segmenter
// to a SageMaker endpoint in Settings (embedding mode, then masks mode), and the same clicks give the same
// masks; clearing the endpoint name brings the local engine back. The emulator's endpoint runs the same tiny
// known-answer SAM models as the local engine, so "the same masks" is exact.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentRunResult, SegmentStatus } from '../../shared/api/segment';
import type { AppSettings } from '../../shared/domain';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { useEmulatorProfile } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { startSamEndpoint, type SamEndpoint } from '../helpers/sam-endpoint';
import { padOnnx, writeSamTestModels } from '../helpers/sam-test-models';
import { startTestServer, type TestServer } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe('switching the segmenter from local to a SageMaker endpoint (browser mode)', () => {
  const tmp = makeTempDir('vps-sm-switch-');
  const modelsDir = join(tmp.dir, 'models');
  const entry = writeSamTestModels(
    join(modelsDir, 'mobile-sam'),
    modelEntry(MANIFEST, 'mobile-sam'),
    'sam-hwc-in-graph',
  );
  // The studio takes a model folder as installed only when each file has the manifest's size: pad the tiny test
  // models to it with an unknown protobuf field, which ONNX parsers skip.
  for (const f of entry.files) padOnnx(join(modelsDir, 'mobile-sam', f.file), f.sizeBytes!);
  const saved = { ...process.env };
  let endpoint: SamEndpoint;
  let t: TestServer;
  let project: string;
  let imageId: number;

  const click = (multimask = true) =>
    t.ok<SegmentRunResult>('segment.run', {
      project,
      imageId,
      prompt: { points: [{ point: [300, 180], positive: true }], box: null },
      multimask,
    });
  const useEndpoint = (patch: Partial<AppSettings['endpoints']>) =>
    t.ok<AppSettings>('settings.update', {
      endpoints: {
        awsProfile: 'emulator',
        awsRegion: 'us-east-1',
        endpointUrl: endpoint.emulator.url,
        samEndpoint: 'sam-vit-h',
        groundedSamEndpoint: '',
        embeddingMode: true,
        requestTimeoutSec: 30,
        ...patch,
      },
    });
  const endpointCalls = () => endpoint.emulator.invocations.filter((i) => i.status === 200).length;

  beforeAll(async () => {
    endpoint = await startSamEndpoint({
      dir: tmp.dir,
      models: { dir: join(modelsDir, 'mobile-sam'), entry },
      embedding: true,
    });
    useEmulatorProfile(tmp.dir);

    t = await startTestServer({ env: { VISPROMPT_MODELS_DIR: modelsDir } });
    const folder = join(tmp.dir, 'images');
    await makeImage(folder, 'frame.png', {
      width: 640,
      height: 360,
      format: 'png',
      pattern: 7,
      texture: true,
    });
    const frame = await t.projectWithImages(folder);
    project = frame.project;
    imageId = frame.images[0]!.id;
  });

  afterAll(async () => {
    process.env = saved;
    await t?.stop();
    await endpoint?.close();
    tmp.cleanup();
  });

  it('the same click gives the same masks from the local engine and from the endpoint', async () => {
    expect((await t.ok<SegmentStatus>('segment.status', {})).segmenter.engine).toBe('sam-onnx');
    const local = await click();
    expect(local.engine).toBe('sam-onnx');

    await useEndpoint({});
    const status = await t.ok<SegmentStatus>('segment.status', {});
    expect(status.segmenter).toMatchObject({
      engine: 'sagemaker-sam-embedding',
      modelId: 'sagemaker-sam-vit-h',
    });
    expect(status.segmenter.reason).toMatch(/embeds each image once; clicks run MobileSAM.*decoder locally/);
    const before = endpointCalls();
    const embedded = await click();
    expect(embedded.engine).toBe('sagemaker-sam-embedding');
    expect(embedded.candidates.map((c) => c.rle)).toEqual(local.candidates.map((c) => c.rle));
    await click(false);
    expect(endpointCalls() - before).toBe(1); // the embedding, once; both clicks decoded here

    await useEndpoint({ embeddingMode: false });
    const perClick = await click();
    expect(perClick.engine).toBe('sagemaker-sam');
    expect(perClick.candidates.map((c) => c.rle)).toEqual(local.candidates.map((c) => c.rle));

    await useEndpoint({ samEndpoint: '' });
    expect((await click()).engine).toBe('sam-onnx');
  });
});
