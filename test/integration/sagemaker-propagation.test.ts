// The SAM endpoint's propagation mode (shared/endpoints/propagation-wire.ts) through the real SageMaker runtime
// client against the emulator: the shared MOTS car's mask on frame 166 sent with frame 167, answered with the
// car on 167 (the endpoint's engine answers from that frame's ground truth, so the test is about the wire and
// the tracking) and a speck object lost with why; a malformed request and frames of another size refused. Then
// a studio whose Settings name the endpoint: a propagation job's frame answered by the endpoint's propagation
// mode, and by the fallback over its masks mode only when the endpoint answers that it has no propagation mode
// (a model error fails the frame with its reason instead); a frame larger than an endpoint takes is sent
// bounded as a click's image is and the answered mask mapped back onto the frame.
import { mkdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import { propagateResponseSchema, type PropagateRequest } from '../../shared/endpoints/propagation-wire';
import type { Rle } from '../../shared/domain';
import { createMask, maskToRle, rleIou, rleToBox } from '../../shared/geometry';
import { scaleRle } from '../../shared/endpoints/scale-mask';
import { DEFAULT_MAX_SIDE } from '../../electron/inference/sagemaker/image-prep';
import { withPropagation } from '../../scripts/emulators/sagemaker/propagate-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { DRIVING_SAMPLE, hasSharedAssets } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';
import { TruthSegmenter } from '../helpers/truth-segmenter';
import { useEmulatorKeys } from '../helpers/aws-env';
import {
  createTestStudio,
  jobResult,
  projectWithImages,
  studioCaller,
  type ApiCall,
} from '../helpers/studio-server';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import type { SequenceFrame, SequenceSummary, TrackMember } from '../../shared/api/sequences';
import type { ImagePage } from '../../shared/api';
import type { Annotation, ProjectInfo } from '../../shared/domain';

const VIDEO = '00091078-875c1f73';
const MOTS = join(DRIVING_SAMPLE, 'bdd100k_mots');
const frame = (n: number) => join(MOTS, `${VIDEO}-0000${n}.jpg`);
type Label = { id: string; category: string; rle?: Rle };
const labels = (n: number) =>
  (JSON.parse(readFileSync(join(MOTS, `${VIDEO}-0000${n}.json`), 'utf8')) as { labels: Label[] }[])[0]!
    .labels;

describe.skipIf(!hasSharedAssets)('SAM endpoint propagation mode', () => {
  const savedEnv = { ...process.env };
  const tmp = makeTempDir('vps-sm-prop-');
  let emulator: SagemakerEmulator;
  const images = new RequestImages(tmp.dir);

  beforeAll(async () => {
    // The engine answers a prompt with the ground-truth mask under it of frame 167, the one frame sent.
    const segmenter = new TruthSegmenter(() => labels(167).flatMap((l) => (l.rle ? [l.rle] : [])));
    emulator = await startSagemakerEmulator({
      region: 'eu-west-1',
      containers: {
        sam: withPropagation(samContainer({ segmenter, images }), { segmenter, images }),
        // An older container: masks and embeddings only.
        'sam-plain': samContainer({ segmenter, images }),
      },
    });
    useEmulatorKeys();
  });
  afterAll(async () => {
    process.env = savedEnv;
    await emulator?.close();
    tmp.cleanup();
  });

  const invoke = async (body: unknown) => {
    const client = createRuntimeClient({
      region: 'eu-west-1',
      endpointUrl: emulator.url,
      credentials: TEST_CREDENTIALS,
    });
    const out = await client.send(
      new InvokeEndpointCommand({
        EndpointName: 'sam',
        ContentType: 'application/json',
        Body: JSON.stringify(body),
      }),
    );
    return JSON.parse(Buffer.from(out.Body!).toString('utf8')) as unknown;
  };

  it('answers each object on the next frame until it is lost, and why', async () => {
    const car = labels(166).find((l) => l.category === 'car' && labels(167).some((m) => m.id === l.id))!;
    const speck = createMask(1280, 720);
    for (let y = 5; y < 9; y++) for (let x = 5; x < 9; x++) speck.data[y * 1280 + x] = 1;
    const request: PropagateRequest = {
      mode: 'propagate',
      frames: [readFileSync(frame(167)).toString('base64')],
      objects: [
        { id: car.id, rle: car.rle! },
        { id: 'speck', rle: maskToRle(speck) },
      ],
    };
    const answer = propagateResponseSchema.parse(await invoke(request));
    expect(answer.model).toBe('truth-v1');
    const [tracked, lost] = answer.tracks;
    expect(tracked).toMatchObject({ id: car.id, lost: null });
    expect(tracked!.masks).toHaveLength(1);
    const truth = labels(167).find((l) => l.id === car.id)!.rle!;
    expect(rleIou(tracked!.masks[0]!.rle, truth)).toBeGreaterThan(0.99);
    expect(lost).toMatchObject({ id: 'speck', masks: [], lost: { frame: 0 } });
    expect(lost!.lost!.reason).toMatch(/score 0.10 is under 0.3|no new mask overlaps it/);
  });

  it('refuses a malformed request and frames of another size than the masks', async () => {
    await expect(invoke({ mode: 'propagate', frames: [], objects: [] })).rejects.toThrow(
      /Invalid propagation request: frames: .*objects: /,
    );
    const small = createMask(64, 48);
    small.data[0] = 1;
    await expect(
      invoke({
        mode: 'propagate',
        frames: [readFileSync(frame(167)).toString('base64')],
        objects: [{ id: 'a', rle: maskToRle(small) }],
      }),
    ).rejects.toThrow("Frame 0 is 1280x720; the objects' masks are 64x48.");
  });

  /** A studio whose Settings name `endpoint` on the emulator, for `run`. */
  async function withStudio<T>(
    endpoint: string,
    run: (call: ApiCall, dir: string) => Promise<T>,
  ): Promise<T> {
    const dir = makeTempDir('vps-sm-prop-studio-');
    const studio = createTestStudio(dir.dir, { env: { VISPROMPT_MODELS_DIR: join(dir.dir, 'no-models') } });
    const { call } = studioCaller(() => studio);
    try {
      await call('settings.update', {
        endpoints: {
          ...DEFAULT_ENDPOINT_SETTINGS,
          awsRegion: 'eu-west-1',
          endpointUrl: emulator.url,
          samEndpoint: endpoint,
        },
      });
      return await run(call, dir.dir);
    } finally {
      await studio.close();
      dir.cleanup();
    }
  }

  const settle = async (call: ApiCall, project: string, job: BatchJob) => {
    while (job.status === 'running' || job.status === 'queued') {
      await new Promise((r) => setTimeout(r, 20));
      job = await call<BatchJob>('batch.get', { project, jobId: job.id });
    }
    const { items } = await call<{ items: BatchItem[] }>('batch.items', { project, jobId: job.id });
    return { job, items };
  };

  /**
   * The two MOTS frames imported, the car's own mask on the second deleted, and a job propagating it one frame
   * from the first: the job, its items, the endpoint's calls (statuses) and the car's proposal on the second.
   */
  const propagateCar = (endpoint: string) =>
    withStudio(endpoint, async (call, dir) => {
      const project = (
        await call<ProjectInfo>('projects.create', { path: join(dir, 'p.vpstudio'), name: 'p' })
      ).path;
      for (const n of [166, 167]) {
        const { jobId } = await call<{ jobId: string }>('datasets.import', {
          project,
          format: 'bdd100k',
          labels: join(MOTS, `${VIDEO}-0000${n}.json`),
          images: MOTS,
        });
        await jobResult(call, jobId);
      }
      const all = (await call<ImagePage>('images.list', { project })).items;
      const [first, next] = [166, 167].map((n) => all.find((i) => i.path.endsWith(`0000${n}.jpg`))!);
      const car = labels(166).find((l) => l.category === 'car' && labels(167).some((m) => m.id === l.id))!;
      const start = (await call<TrackMember[]>('sequences.members', { project, imageId: first!.id })).find(
        (m) => m.key === car.id,
      )!;
      const theirs = (await call<TrackMember[]>('sequences.members', { project, imageId: next!.id })).find(
        (m) => m.key === car.id,
      )!;
      await call('annotations.save', { project, imageId: next!.id, deletes: [theirs.annotationId] });
      const before = emulator.invocations.length;
      const { job, items } = await settle(
        call,
        project,
        await call<BatchJob>('sequences.propagate', {
          project,
          annotationIds: [start.annotationId],
          forward: 1,
        }),
      );
      const proposed = (await call<TrackMember[]>('sequences.members', { project, imageId: next!.id })).find(
        (m) => m.key === car.id,
      );
      const [mask] = (await call<Annotation[]>('annotations.list', { project, imageId: next!.id })).filter(
        (a) => a.id === proposed?.annotationId,
      );
      const calls = emulator.invocations
        .slice(before)
        .filter((i) => i.endpoint === endpoint)
        .map((i) => i.status);
      return { job, items, calls, mask, truth: labels(167).find((l) => l.id === car.id)!.rle! };
    });

  it.each([
    ['sam', 'the endpoint propagates'],
    ['sam-plain', "the fallback over the endpoint's masks mode"],
  ])('a studio job with the %s endpoint: %s', async (endpoint) => {
    const { job, calls, mask, truth } = await propagateCar(endpoint);
    expect(job).toMatchObject({ status: 'done', proposals: 1 });
    expect(rleIou(mask!.rle!, truth)).toBeGreaterThan(0.99);
    // The model the endpoint names in propagation mode; through the masks mode, the SAM client's endpoint name.
    expect(mask!.modelId).toBe(endpoint === 'sam' ? 'truth-v1' : 'sam-plain');
    // One propagation call; without the mode, its unsupported-mode answer (400) and then the fallback's masks call.
    expect(calls).toEqual(endpoint === 'sam' ? [200] : [400, 200]);
  });

  it.each([
    [500, 'CUDA error: out of memory'],
    [400, 'Invalid propagation request: frames.0: standard base64'],
  ])(
    'a model error (%i) on the first call fails the frame with its reason, with no switch to the fallback',
    async (status, message) => {
      emulator.faults.set('sam', { modelError: { status, message }, times: 1 });
      const { job, items, calls, mask } = await propagateCar('sam');
      // Only the failed call: no masks-mode call of the fallback after it, and no proposal.
      expect(calls, `the endpoint's calls: ${JSON.stringify(calls)}`).toEqual([424]);
      expect(job).toMatchObject({ proposals: 0 });
      expect(job.counts.failed).toBe(1);
      expect(mask).toBeUndefined();
      expect(items[0]!.reason).toContain(`failed with status ${status}: ${message}`);
    },
  );

  it("sends a large frame bounded as a click's image is, and maps the answered mask back onto the frame", async () => {
    const W = 3200;
    const H = 1800;
    const scaled = (rle: Rle, w: number, h: number) => scaleRle(rle, w, h);
    // The endpoint answers with the frame's ground truth at the size it was sent, as a real model would.
    const segmenter = new TruthSegmenter((_, image) =>
      labels(167).flatMap((l) => (l.rle ? [scaled(l.rle, image.width, image.height)] : [])),
    );
    const sent: { width: number; height: number; masks: [number, number][] }[] = [];
    const propagating = withPropagation(samContainer({ segmenter, images }), { segmenter, images });
    const big = await startSagemakerEmulator({
      region: 'eu-west-1',
      containers: {
        'sam-big': async (request) => {
          const body = JSON.parse(request.body.toString('utf8')) as PropagateRequest;
          const meta = await sharp(Buffer.from(body.frames[0]!, 'base64')).metadata();
          sent.push({ width: meta.width!, height: meta.height!, masks: body.objects.map((o) => o.rle.size) });
          return propagating(request);
        },
      },
    });
    try {
      const dir = makeTempDir('vps-sm-prop-big-');
      try {
        const folder = join(dir.dir, 'frames');
        mkdirSync(folder);
        for (const [k, n] of [166, 167].entries())
          await sharp(frame(n))
            .resize(W, H)
            .jpeg({ quality: 90 })
            .toFile(join(folder, `f${k}.jpg`));
        const studio = createTestStudio(dir.dir, {
          env: { VISPROMPT_MODELS_DIR: join(dir.dir, 'no-models') },
        });
        const { call } = studioCaller(() => studio);
        try {
          await call('settings.update', {
            endpoints: {
              ...DEFAULT_ENDPOINT_SETTINGS,
              awsRegion: 'eu-west-1',
              endpointUrl: big.url,
              samEndpoint: 'sam-big',
            },
          });
          const { project, images: frames } = await projectWithImages(call, dir.dir, folder);
          const sequence = await call<SequenceSummary>('sequences.create', {
            project,
            name: 'big',
            imageIds: frames.map((i) => i.id),
          });
          const [f0, f1] = await call<SequenceFrame[]>('sequences.frames', {
            project,
            sequenceId: sequence.id,
          });
          const car = labels(166).find(
            (l) => l.category === 'car' && labels(167).some((m) => m.id === l.id),
          )!;
          const start = scaled(car.rle!, W, H);
          const label = (await call<{ id: number }>('labels.create', { project, name: 'car' })).id;
          const [saved] = await call<Annotation[]>('annotations.save', {
            project,
            imageId: f0!.imageId,
            upserts: [
              { labelId: label, kind: 'mask', geometry: { kind: 'mask', box: rleToBox(start) }, rle: start },
            ],
          });
          const { job, items } = await settle(
            call,
            project,
            await call<BatchJob>('sequences.propagate', { project, annotationIds: [saved!.id], forward: 1 }),
          );
          expect(job, `items: ${JSON.stringify(items)}`).toMatchObject({ status: 'done', proposals: 1 });
          // The request's frame within the endpoint's bound (2048 on its longest side), the masks at its size.
          expect(sent).toHaveLength(1);
          const [request] = sent;
          expect(Math.max(request!.width, request!.height)).toBeLessThanOrEqual(DEFAULT_MAX_SIDE);
          expect(request!.width / request!.height).toBeCloseTo(W / H, 2);
          expect(request!.masks).toEqual([[request!.height, request!.width]]);
          // The proposal at the frame's size, on the car: its truth at the frame's size, not at the size sent.
          const [proposal] = (
            await call<Annotation[]>('annotations.list', { project, imageId: f1!.imageId })
          ).filter((a) => a.source === 'model');
          expect(proposal!.rle!.size).toEqual([H, W]);
          const truth = scaled(labels(167).find((l) => l.id === car.id)!.rle!, W, H);
          expect(rleIou(proposal!.rle!, truth)).toBeGreaterThan(0.97);
        } finally {
          await studio.close();
        }
      } finally {
        dir.cleanup();
      }
    } finally {
      await big.close();
    }
  });
});
