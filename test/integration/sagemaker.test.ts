// The real SageMakerRuntimeClient (SigV4, restJson1 error parsing, socket timeouts) against the local emulator,
// which answers from real engines: the classical segmenter for 'sam', PicoDet + classical for 'grounded-sam'.
// Every SageMaker error and every injected fault ends as the StudioError a user would see.
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClassicalSegmenter } from '../../electron/inference/classical';
import { PicoDetDetector } from '../../electron/inference/detector/picodet-detector';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import { SagemakerGroundedDetector } from '../../electron/inference/sagemaker/sagemaker-grounded';
import { SagemakerSamSegmenter } from '../../electron/inference/sagemaker/sagemaker-sam';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import type { EngineImage, SegmentPrompt } from '../../electron/inference/segmenter';
import { hashFile } from '../../electron/media/hash-file';
import type { Box } from '../../shared/domain';
import { SAGEMAKER_PAYLOAD_LIMIT } from '../../shared/endpoints/payload';
import { boxIou } from '../../shared/geometry/nms';
import { rleIou } from '../../shared/geometry/rle';
import { groundedContainer } from '../../scripts/emulators/sagemaker/grounded-container';
import { RequestImages } from '../../scripts/emulators/sagemaker/request-images';
import { samContainer } from '../../scripts/emulators/sagemaker/sam-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { studioErrorOf } from '../helpers/studio-error';
import { hasSharedAssets, PICODET_MODEL, sharedPath } from '../helpers/shared-assets';
import { makeTempDir } from '../helpers/temp-dir';

const IMAGE_PATH = sharedPath('data', 'driving-sample', 'bdd100k_det', '12305469-7a4947e7.jpg');
// Ground truth of that frame (BDD100K box2d): the near car and the bus.
const CAR: Box = [909.2, 316.5, 1128.3, 495.4];
const BUS: Box = [643.9, 304.1, 832.2, 393.5];
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe.skipIf(!hasSharedAssets)('SageMaker endpoints through the real SDK client and the emulator', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let emulator: SagemakerEmulator;
  let localSegmenter: ClassicalSegmenter;
  let detector: PicoDetDetector;
  let image: EngineImage;

  const client = (over: { requestTimeoutMs?: number; secret?: string } = {}) =>
    createRuntimeClient({
      region: 'eu-west-1',
      endpointUrl: emulator.url,
      requestTimeoutMs: over.requestTimeoutMs,
      credentials: { ...TEST_CREDENTIALS, ...(over.secret ? { secretAccessKey: over.secret } : {}) },
    });
  const sam = (
    over: { maxSide?: number; endpointName?: string; requestTimeoutMs?: number; secret?: string } = {},
  ) =>
    new SagemakerSamSegmenter({
      client: client(over),
      endpointName: over.endpointName ?? 'sam',
      maxSide: over.maxSide,
      retry: FAST_RETRY,
    });
  const boxPrompt: SegmentPrompt = { points: [], box: CAR, previous: null };
  const calls = (endpoint: string) => emulator.invocations.filter((i) => i.endpoint === endpoint).length;

  beforeAll(async () => {
    tmp = makeTempDir('vps-sagemaker-');
    localSegmenter = new ClassicalSegmenter();
    detector = new PicoDetDetector({
      entry: modelEntry(MANIFEST, 'picodet-s-320-coco'),
      modelPath: PICODET_MODEL,
    });
    const images = new RequestImages(tmp.dir);
    emulator = await startSagemakerEmulator({
      region: 'eu-west-1',
      containers: {
        sam: samContainer({ segmenter: localSegmenter, images }),
        'grounded-sam': groundedContainer({ detector, segmenter: localSegmenter, images }),
      },
    });
    image = { sha256: await hashFile(IMAGE_PATH), path: IMAGE_PATH, width: 1280, height: 720 };
  });

  afterAll(async () => {
    await emulator?.close();
    await localSegmenter?.dispose();
    await detector?.dispose();
    tmp?.cleanup();
  });

  beforeEach(() => emulator.faults.clear());

  describe('sam', () => {
    it('answers a box prompt with the mask the local engine gives on the original image', async () => {
      const remote = await sam().segment(image, boxPrompt, { multimask: false });
      const local = await localSegmenter.segment(image, boxPrompt, { multimask: false });
      expect(remote.candidates).toHaveLength(1);
      const [c] = remote.candidates;
      expect(c!.rle.size).toEqual([720, 1280]);
      // Sent as is (1280x720 fits): the very same pixels.
      expect(rleIou(c!.rle, local.candidates[0]!.rle)).toBe(1);
      expect(boxIou(c!.box, CAR)).toBeGreaterThan(0.5);
      expect(remote.next[0]!.rle).toEqual(c!.rle);
    });

    it('maps masks of a downsized image back onto the original pixels', async () => {
      const remote = await sam({ maxSide: 640 }).segment(image, boxPrompt, { multimask: false });
      const local = await localSegmenter.segment(image, boxPrompt, { multimask: false });
      const [c] = remote.candidates;
      expect(c!.rle.size).toEqual([720, 1280]);
      expect(emulator.invocations.at(-1)!.requestBytes).toBeLessThan(200_000);
      expect(rleIou(c!.rle, local.candidates[0]!.rle)).toBeGreaterThan(0.8);
    });

    it('refines with a click and the previous mask', async () => {
      const segmenter = sam();
      const first = await segmenter.segment(image, boxPrompt, { multimask: false });
      const second = await segmenter.segment(
        image,
        { points: [{ point: [1000, 420], positive: true }], box: CAR, previous: first.next[0]! },
        { multimask: false },
      );
      expect(second.candidates[0]!.rle.size).toEqual([720, 1280]);
      expect(second.candidates[0]!.area).toBeGreaterThan(0);
    });
  });

  describe('grounded-sam', () => {
    it('finds the phrases it knows, with masks on the original pixels, and lists the ones it cannot', async () => {
      const grounded = new SagemakerGroundedDetector({
        client: client(),
        endpointName: 'grounded-sam',
        retry: FAST_RETRY,
      });
      // PicoDet sees the bus as a truck (0.34): 'vehicle' stands for every road-vehicle class.
      const found = await grounded.detect(image, {
        text: 'car . vehicle . driving lane',
        scoreThreshold: 0.3,
      });
      const cars = found.filter((d) => d.label === 'car');
      const vehicles = found.filter((d) => d.label === 'vehicle');
      expect(Math.max(...cars.map((d) => boxIou(d.box, CAR)))).toBeGreaterThan(0.8);
      expect(Math.max(...vehicles.map((d) => boxIou(d.box, BUS)))).toBeGreaterThan(0.5);
      expect(vehicles.length).toBeGreaterThan(cars.length);
      expect(found.every((d) => d.rle?.size[0] === 720 && d.rle.size[1] === 1280)).toBe(true);
      expect(cars.every((d) => d.classId === 0) && vehicles.every((d) => d.classId === 1)).toBe(true);
      expect(found.some((d) => d.label === 'driving lane')).toBe(false);
    });
  });

  describe('faults', () => {
    it('an unknown endpoint is a ValidationError: no retry, the message names it', async () => {
      const before = emulator.invocations.length;
      const err = await studioErrorOf(
        sam({ endpointName: 'no-such-endpoint' }).segment(image, boxPrompt, { multimask: false }),
      );
      expect(err.code).toBe('endpoint_failed');
      expect(err.message).toMatch(/refused.*Endpoint no-such-endpoint of account \d+ not found/);
      expect(err.details).toMatchObject({ awsError: 'ValidationError', status: 400, attempts: 1 });
      expect(emulator.invocations.length).toBe(before);
    });

    it('a ModelError shows the container status and message, and is not retried', async () => {
      emulator.faults.set('sam', { modelError: { status: 500, message: 'CUDA out of memory' } });
      const before = calls('sam');
      const err = await studioErrorOf(sam().segment(image, boxPrompt, { multimask: false }));
      expect(err.code).toBe('endpoint_failed');
      expect(err.message).toContain('failed with status 500: CUDA out of memory');
      expect(err.message).toContain('arn:aws:logs:eu-west-1:');
      expect(err.details).toMatchObject({ awsError: 'ModelError', status: 424, originalStatusCode: 500 });
      expect(calls('sam') - before).toBe(1);
    });

    it('the container refusing a bad request is a ModelError with its 400', async () => {
      const err = await studioErrorOf(
        sam().segment(
          image,
          { points: [], box: [2000, 2000, 2100, 2100], previous: null },
          { multimask: false },
        ),
      );
      expect(err.code).toBe('endpoint_failed');
      expect(err.details).toMatchObject({ awsError: 'ModelError', originalStatusCode: 400 });
    });

    it.each([
      ['ThrottlingException', 429],
      ['ModelNotReadyException', 429],
      ['InternalFailure', 500],
      ['ServiceUnavailable', 503],
      ['InternalDependencyException', 530],
    ] as const)('%s (%d) is retried with backoff and succeeds when it passes', async (error, _status) => {
      emulator.faults.set('sam', { error, times: 2 });
      const before = calls('sam');
      const result = await sam().segment(image, boxPrompt, { multimask: false });
      expect(result.candidates).toHaveLength(1);
      expect(calls('sam') - before).toBe(3);
    });

    it('a lasting 503 gives up after the attempts with endpoint_unavailable', async () => {
      emulator.faults.set('sam', { error: 'ServiceUnavailable' });
      const before = calls('sam');
      const err = await studioErrorOf(sam().segment(image, boxPrompt, { multimask: false }));
      expect(err.code).toBe('endpoint_unavailable');
      expect(err.message).toMatch(/after 3 attempts/);
      expect(err.details).toMatchObject({ awsError: 'ServiceUnavailable', status: 503, attempts: 3 });
      expect(calls('sam') - before).toBe(3);
    });

    it('a lasting throttle says so', async () => {
      emulator.faults.set('sam', { error: 'ThrottlingException' });
      const err = await studioErrorOf(sam().segment(image, boxPrompt, { multimask: false }));
      expect(err.code).toBe('endpoint_unavailable');
      expect(err.message).toMatch(/throttled/);
    });

    it('a socket timeout is retried, then reported as no answer in time', async () => {
      emulator.faults.set('sam', { latencyMs: 1500 });
      const err = await studioErrorOf(
        sam({ requestTimeoutMs: 300 }).segment(image, boxPrompt, { multimask: false }),
      );
      expect(err.code).toBe('endpoint_unavailable');
      expect(err.message).toMatch(/did not answer in time after 3 attempts/);
    });

    it('a container slower than SageMaker waits is a ModelError in its words, not retried', async () => {
      const slow = await startSagemakerEmulator({
        region: 'eu-west-1',
        containerTimeoutMs: 100,
        containers: { sam: samContainer({ segmenter: localSegmenter, images: new RequestImages(tmp.dir) }) },
      });
      slow.faults.set('sam', { latencyMs: 1000 });
      const segmenter = new SagemakerSamSegmenter({
        client: createRuntimeClient({
          region: 'eu-west-1',
          endpointUrl: slow.url,
          credentials: TEST_CREDENTIALS,
        }),
        endpointName: 'sam',
        retry: FAST_RETRY,
      });
      const err = await studioErrorOf(segmenter.segment(image, boxPrompt, { multimask: false }));
      await segmenter.dispose();
      await slow.close();
      expect(err.code).toBe('endpoint_failed');
      expect(err.message).toMatch(/did not answer within SageMaker's 60 s: Your invocation timed out/);
      expect(err.details).toMatchObject({ awsError: 'ModelError', originalStatusCode: 0, attempts: 1 });
      expect(slow.invocations).toHaveLength(1);
    });

    it('a slow answer within the timeout is fine', async () => {
      emulator.faults.set('sam', { latencyMs: 200, times: 1 });
      const result = await sam({ requestTimeoutMs: 5000 }).segment(image, boxPrompt, { multimask: false });
      expect(result.candidates).toHaveLength(1);
    });

    it('a malformed body is refused with a clear message', async () => {
      emulator.faults.set('sam', { malformedBody: true });
      const err = await studioErrorOf(sam().segment(image, boxPrompt, { multimask: false }));
      expect(err.code).toBe('endpoint_failed');
      expect(err.message).toMatch(/not valid JSON/);
    });

    it('a mask of the wrong size is refused, for SAM and Grounded-SAM', async () => {
      emulator.faults.set('sam', { wrongMaskSize: true });
      const err = await studioErrorOf(sam().segment(image, boxPrompt, { multimask: false }));
      expect(err.message).toMatch(/answered a 640x360 mask for the 1280x720 image/);
      emulator.faults.set('grounded-sam', { wrongMaskSize: true });
      const grounded = new SagemakerGroundedDetector({
        client: client(),
        endpointName: 'grounded-sam',
        retry: FAST_RETRY,
      });
      const err2 = await studioErrorOf(grounded.detect(image, { text: 'car' }));
      expect(err2.code).toBe('endpoint_failed');
      expect(err2.message).toMatch(/mask for the 1280x720 image/);
    });

    it('wrong credentials are refused by the SigV4 check', async () => {
      const err = await studioErrorOf(
        sam({ secret: 'wrong-secret' }).segment(image, boxPrompt, { multimask: false }),
      );
      expect(err.code).toBe('unauthorized');
      expect(err.message).toMatch(/InvalidSignatureException/);
      expect(err.message).not.toContain('wrong-secret');
    });

    it('faults can be set and cleared over HTTP for demos; bad ones are refused', async () => {
      const put = (body: string) =>
        fetch(`${emulator.url}/_emulator/faults/sam`, { method: 'PUT', body }).then((r) => r.status);
      expect(await put(JSON.stringify({ error: 'ServiceUnavailable', times: 1 }))).toBe(204);
      const before = calls('sam');
      await sam().segment(image, boxPrompt, { multimask: false });
      expect(calls('sam') - before).toBe(2); // the injected 503, then the answer
      expect(await put(JSON.stringify({ error: 'NoSuchError' }))).toBe(400);
      expect(await put(JSON.stringify({ malformedBody: true }))).toBe(204);
      const cleared = await fetch(`${emulator.url}/_emulator/faults/sam`, { method: 'DELETE' });
      expect(cleared.status).toBe(204);
      expect((await sam().segment(image, boxPrompt, { multimask: false })).candidates).toHaveLength(1);
      const unknown = await fetch(`${emulator.url}/nothing-here`);
      expect(unknown.status).toBe(404);
    });

    it('a body over 6 MB is refused as SageMaker refuses it', async () => {
      const err = await client()
        .send(
          new InvokeEndpointCommand({
            EndpointName: 'sam',
            ContentType: 'application/json',
            Body: Buffer.alloc(SAGEMAKER_PAYLOAD_LIMIT + 1, 0x20),
          }),
        )
        .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
      expect(err).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    });

    it('cancelling a slow call ends it as cancelled', async () => {
      emulator.faults.set('sam', { latencyMs: 2000, times: 1 });
      const controller = new AbortController();
      const pending = sam().segment(image, boxPrompt, { multimask: false, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const err = await studioErrorOf(pending);
      expect(err.code).toBe('cancelled');
    });
  });
});
