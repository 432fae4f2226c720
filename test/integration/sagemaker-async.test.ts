// Asynchronous inference end to end without AWS: the real S3 and SageMaker Runtime clients (SigV4 with a profile's
// keys) against s3rver and the emulator's async endpoints. A Grounded-SAM engine runs unchanged over the async
// transport; a request is uploaded once; large bodies go up in parts; the endpoint's faults (model error, full
// queue, output never written, half an answer) and a refused key reach the caller as errors a user can act on.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { invokeAsync } from '../../electron/inference/sagemaker/async/invoke-async';
import { memoryLedger } from '../../electron/inference/sagemaker/async/ledger';
import { requestKey } from '../../shared/endpoints/async';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AsyncTransport } from '../../electron/inference/sagemaker/async/async-transport';
import { testEndpoints } from '../../electron/inference/sagemaker/from-settings';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import { useEmulatorKeys } from '../helpers/aws-env';
import { createS3Client } from '../../electron/inference/sagemaker/async/s3-client';
import { headObject, uploadOnce } from '../../electron/inference/sagemaker/async/s3-objects';
import { createRuntimeClient } from '../../electron/inference/sagemaker/runtime-client';
import { SagemakerGroundedDetector } from '../../electron/inference/sagemaker/sagemaker-grounded';
import type { EngineImage } from '../../electron/inference/segmenter';
import { hashFile } from '../../electron/media/hash-file';
import { fixedGroundedContainer } from '../../scripts/emulators/sagemaker/fixed-container';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { startAsyncRig, BUCKET, type AsyncRig } from '../helpers/async-endpoints';
import { makeImage } from '../helpers/images';
import { studioErrorOf } from '../helpers/studio-error';
import { makeTempDir } from '../helpers/temp-dir';

describe('SageMaker asynchronous inference through S3', () => {
  const tmp = makeTempDir('vps-sm-async-');
  let rig: AsyncRig;
  let image: EngineImage;
  const made: { dispose(): Promise<void> }[] = [];

  const connection = () => ({
    region: rig.emulator.region,
    credentials: TEST_CREDENTIALS,
  });
  const s3Client = () => createS3Client({ ...connection(), endpointUrl: rig.s3.url });
  const transportOptions = (ttlSec = 60) => ({
    runtime: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
    s3: s3Client(),
    bucket: BUCKET,
    prefix: 'studio/',
    ttlSec,
    invocationTimeoutSec: 5,
    poll: { baseDelayMs: 20, maxDelayMs: 200, minDelayMs: 10 },
  });
  const transport = (ttlSec = 60) => new AsyncTransport(transportOptions(ttlSec));
  /** The request the Grounded-SAM engine sends for `text` on the test image, and its object key. */
  const requestBody = async (text: string) => {
    const bytes = Buffer.from(
      JSON.stringify({
        image: (await readFile(image.path)).toString('base64'),
        text,
        box_threshold: 0.35,
        text_threshold: 0.25,
        with_masks: true,
      }),
    );
    return { bytes, key: requestKey('studio/', createHash('sha256').update(bytes).digest('hex')) };
  };
  const detector = (t: AsyncTransport) => {
    const d = new SagemakerGroundedDetector({
      client: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      endpointName: 'grounded-async',
      transport: t,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    made.push(d);
    return d;
  };

  beforeAll(async () => {
    rig = await startAsyncRig({
      dir: tmp.dir,
      asyncContainers: { 'grounded-async': fixedGroundedContainer({ box: [4, 6, 30, 20] }) },
      instances: 2,
      queueDelayMs: 30,
    });
    const path = await makeImage(tmp.dir, 'frame.png', { width: 64, height: 48, format: 'png', pattern: 3 });
    image = { sha256: await hashFile(path), path, width: 64, height: 48 };
  });

  afterAll(async () => {
    await Promise.all(made.map((d) => d.dispose()));
    await rig?.close();
    tmp.cleanup();
  });

  beforeEach(() => rig.emulator.faults.clear());

  it('a Grounded-SAM engine answers through the queue, and the same request is uploaded once', async () => {
    const t = transport();
    const d = detector(t);
    const first = await d.detect(image, { text: 'car . person' });
    expect(first.map((x) => [x.label, x.box])).toEqual([
      ['car', [4, 6, 30, 20]],
      ['person', [4, 6, 30, 20]],
    ]);
    expect(t.stats).toMatchObject({ sent: 1, failures: 0 });
    const uploaded = t.stats.uploadedBytes;
    expect(uploaded).toBeGreaterThan(image.width); // The PNG in base64 inside the JSON.

    // Asked again (another job on the same image and text): the answer in S3 is read again, nothing is sent.
    const again = await d.detect(image, { text: 'car . person' });
    expect(again).toEqual(first);
    expect(t.stats).toMatchObject({ sent: 1, collectedFromLedger: 1, uploadedBytes: uploaded });
    const served = rig.endpoints['grounded-async']!.outcomes;
    expect(served.map((o) => o.outcome)).toEqual(['output']);
    // The answer sits where SageMaker said, named after the request; the request under its content hash.
    const s3 = rig.s3.client();
    const head = (key: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(
      (await head(`sagemaker/grounded-async/output/${served[0]!.inferenceId}.out`)).ContentLength,
    ).toBeGreaterThan(0);
    expect(served[0]!.inputKey).toMatch(/^studio\/requests\/[0-9a-f]{64}\.json$/);
    expect((await head(served[0]!.inputKey)).ContentLength).toBe(uploaded);
  });

  it('a large body goes up in parts, and only once', async () => {
    const s3 = createS3Client({ ...connection(), endpointUrl: rig.s3.url });
    const body = Buffer.alloc(17 * 1024 * 1024, 0x61);
    const loc = { bucket: BUCKET, key: 'studio/requests/large-test.json' };
    expect(await uploadOnce(s3, loc, body, 'application/json')).toBe(body.length);
    expect(await headObject(s3, loc)).toBe(body.length);
    expect(await uploadOnce(s3, loc, body, 'application/json')).toBe(0);
    s3.destroy();
  });

  it("the model's failure comes back from the failure location with its message", async () => {
    rig.emulator.faults.set('grounded-async', {
      modelError: { status: 500, message: 'CUDA out of memory' },
      times: 1,
    });
    const t = transport();
    const err = await studioErrorOf(detector(t).detect(image, { text: 'bus' }));
    expect(err.code).toBe('endpoint_failed');
    expect(err.message).toMatch(/model behind endpoint 'grounded-async' failed .*CUDA out of memory/);
    expect(t.stats.failures).toBe(1);
    // The next try sends it again (a fresh request: the old failure object does not answer it).
    expect((await detector(t).detect(image, { text: 'bus' })).map((x) => x.label)).toEqual(['bus']);
    expect(t.stats.sent).toBe(2);
  });

  it('a full queue is throttling: retried, then said', async () => {
    rig.emulator.faults.set('grounded-async', { queueFull: true, times: 1 });
    const t = transport();
    // One full answer, then room: the retry gets through.
    expect((await detector(t).detect(image, { text: 'truck' })).length).toBe(1);
    rig.emulator.faults.set('grounded-async', { queueFull: true });
    const err = await studioErrorOf(detector(t).detect(image, { text: 'tram' }));
    expect(err.code).toBe('endpoint_unavailable');
    expect(err.message).toMatch(/throttled.*after 2 attempts.*queue of endpoint grounded-async is full/);
  });

  it('an output that is never written ends at the time to live, not never', async () => {
    rig.emulator.faults.set('grounded-async', { dropOutput: true, times: 1 });
    // TTL 1 s + invocation timeout 5 s + SageMaker's clock margin: waited out on a fake clock after a while.
    let offset = 0;
    const t = new AsyncTransport({
      runtime: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      s3: createS3Client({ ...connection(), endpointUrl: rig.s3.url }),
      bucket: BUCKET,
      prefix: 'studio/',
      ttlSec: 1,
      invocationTimeoutSec: 5,
      poll: { baseDelayMs: 20, maxDelayMs: 100, minDelayMs: 10 },
      now: () => Date.now() + (offset += 2000),
    });
    const err = await studioErrorOf(detector(t).detect(image, { text: 'van' }));
    expect(err.code).toBe('endpoint_unavailable');
    expect(err.message).toMatch(
      /wrote no answer to s3:\/\/vps-async-test\/sagemaker\/grounded-async\/output\//,
    );
    expect(rig.endpoints['grounded-async']!.outcomes.at(-1)!.outcome).toBe('dropped');
  });

  it('half an answer is not valid JSON, said as such', async () => {
    rig.emulator.faults.set('grounded-async', { malformedBody: true, times: 1 });
    const err = await studioErrorOf(detector(transport()).detect(image, { text: 'bicycle' }));
    expect(err.code).toBe('endpoint_failed');
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('a refused key, a missing bucket and a real-time-only endpoint are clear errors', async () => {
    const wrong = new AsyncTransport({
      runtime: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      s3: createS3Client({
        region: 'us-east-1',
        endpointUrl: rig.s3.url,
        credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      }),
      bucket: BUCKET,
      prefix: 'studio/',
      ttlSec: 60,
      invocationTimeoutSec: 5,
    });
    const refused = await studioErrorOf(detector(wrong).detect(image, { text: 'car' }));
    expect(refused.code).toBe('unauthorized');
    expect(refused.message).toMatch(
      /S3 refused looking for s3:\/\/vps-async-test\/.*\(HTTP 403: access denied or a wrong key\)/,
    );
    expect(refused.message).not.toContain('not-the-secret');

    const missing = new AsyncTransport({
      runtime: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      s3: createS3Client({ ...connection(), endpointUrl: rig.s3.url }),
      bucket: 'no-such-bucket',
      prefix: '',
      ttlSec: 60,
      invocationTimeoutSec: 5,
    });
    const noBucket = await studioErrorOf(detector(missing).detect(image, { text: 'car' }));
    expect(noBucket.message).toMatch(/bucket 'no-such-bucket' does not exist/);

    const d = new SagemakerGroundedDetector({
      client: createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      endpointName: 'not-deployed',
      transport: transport(),
    });
    made.push(d);
    const unknown = await studioErrorOf(d.detect(image, { text: 'car' }));
    expect(unknown.code).toBe('endpoint_failed');
    expect(unknown.message).toMatch(/Endpoint not-deployed of account \d+ not found/);
  });

  it('test connection checks the bucket and queues a request on each async endpoint', async () => {
    const env = { ...process.env };
    useEmulatorKeys();
    try {
      const settings = {
        ...DEFAULT_ENDPOINT_SETTINGS,
        ...rig.settings,
        asyncGroundedSamEndpoint: 'grounded-async',
        asyncSamEndpoint: 'no-such-async',
      };
      const checks = await testEndpoints(settings);
      expect(checks.map((c) => [c.role, c.endpoint, c.ok])).toEqual([
        ['s3-bucket', 's3://vps-async-test/studio/', true],
        ['async-sam', 'no-such-async', false],
        ['async-grounded-sam', 'grounded-async', true],
      ]);
      expect(checks[2]!.note).toMatch(
        /queued a test request; answers go to s3:\/\/vps-async-test\/sagemaker\/grounded-async\/output\//,
      );
      expect(checks[1]!.error!.message).toMatch(/Endpoint no-such-async of account \d+ not found/);

      const [noBucket, notTried] = await testEndpoints({
        ...settings,
        s3Bucket: 'missing-bucket',
        asyncSamEndpoint: '',
      });
      expect(noBucket).toMatchObject({ role: 's3-bucket', ok: false });
      expect(noBucket!.error!.message).toMatch(/bucket 'missing-bucket' does not exist/);
      expect(notTried!.error!.message).toMatch(/Not tried: the bucket check failed/);
    } finally {
      process.env = env;
    }
  });

  it('a request a stopped studio was sending is collected by its answer name, or sent again once too late', async () => {
    const ledger = memoryLedger();
    const first = new AsyncTransport({ ...transportOptions(), ledger });
    await detector(first).detect(image, { text: 'lorry' }); // The endpoint's output folder is now known.

    // A studio killed after InvokeEndpointAsync left, before it recorded the answer's location.
    const body = await requestBody('tram');
    const entry = {
      endpoint: 'grounded-async',
      inputKey: body.key,
      inferenceId: 'killed-while-sending',
      output: null,
      failure: null,
      sentAt: Date.now(),
      collectedAt: null,
    };
    ledger.put(entry);
    await uploadOnce(s3Client(), { bucket: BUCKET, key: body.key }, body.bytes, 'application/json');
    await invokeAsync(
      createRuntimeClient({ ...connection(), endpointUrl: rig.emulator.url }),
      'grounded-async',
      {
        input: { bucket: BUCKET, key: body.key },
        inferenceId: entry.inferenceId,
        filename: 'killed-while-sending.out',
        ttlSec: 60,
        invocationTimeoutSec: 5,
      },
    );
    const received = rig.endpoints['grounded-async']!.received.length;
    const next = new AsyncTransport({ ...transportOptions(), ledger });
    expect((await detector(next).detect(image, { text: 'tram' })).map((d) => d.label)).toEqual(['tram']);
    expect(next.stats).toMatchObject({ sent: 0, collectedFromLedger: 1 });
    expect(rig.endpoints['grounded-async']!.received.length).toBe(received);

    // Never sent at all: nothing can answer once its time to live and timeout have passed, so it goes again.
    const never = await requestBody('ferry');
    ledger.put({ ...entry, inputKey: never.key, inferenceId: 'never-sent', sentAt: Date.now() - 120_000 });
    const late = new AsyncTransport({ ...transportOptions(), ledger });
    expect((await detector(late).detect(image, { text: 'ferry' })).map((d) => d.label)).toEqual(['ferry']);
    expect(late.stats).toMatchObject({ sent: 1, collectedFromLedger: 0 });
  });
});
