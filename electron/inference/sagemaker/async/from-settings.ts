// Async inference as Settings > Model endpoints configure it: the transport for an async endpoint, and the
// 'test connection' checks: the bucket takes and gives back a request object (put + head under the prefix), and
// each async endpoint queues that request. It does not wait for the answer: an endpoint scaled to zero takes
// minutes to start, which is what it is for.
import type { EndpointCheck, EndpointRole } from '../../../../shared/api/endpoints';
import type { EndpointSettings } from '../../../../shared/domain';
import { requestKey } from '../../../../shared/endpoints/async';
import { toErrorInfo, StudioError } from '../../../../shared/errors';
import { createHash } from 'node:crypto';
import { connectionOf } from '../from-settings';
import type { RetryPolicy } from '../retry';
import { createRuntimeClient } from '../runtime-client';
import { AsyncTransport } from './async-transport';
import { invokeAsync } from './invoke-async';
import type { AsyncLedger } from './ledger';
import { createS3Client } from './s3-client';
import { headObject, uploadOnce } from './s3-objects';

/** Whether async inference is set up for `role` (a bucket and that role's async endpoint). */
export function asyncEndpointOf(s: EndpointSettings, role: 'sam' | 'grounded-sam'): string | null {
  const name = role === 'sam' ? s.asyncSamEndpoint : s.asyncGroundedSamEndpoint;
  return s.s3Bucket && name ? name : null;
}

export function requireAsyncEndpoint(s: EndpointSettings, role: 'sam' | 'grounded-sam'): string {
  const name = asyncEndpointOf(s, role);
  if (name) return name;
  const which = role === 'sam' ? 'an async SAM endpoint' : 'an async Grounded-SAM endpoint';
  throw new StudioError(
    'model_missing',
    `This job needs ${which} and an S3 bucket: set them in Settings > Model endpoints (asynchronous inference).`,
  );
}

export function asyncTransportOf(s: EndpointSettings, ledger?: AsyncLedger): AsyncTransport {
  const connection = connectionOf(s);
  return new AsyncTransport({
    runtime: createRuntimeClient(connection),
    s3: createS3Client({ ...connection, endpointUrl: s.s3EndpointUrl || undefined }),
    bucket: s.s3Bucket,
    prefix: s.s3Prefix,
    ttlSec: s.asyncRequestTtlSec,
    invocationTimeoutSec: s.requestTimeoutSec,
    ...(ledger ? { ledger } : {}),
  });
}

const TEST_RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 500 };

/** The async checks of 'test connection'; none when no bucket is set. */
export async function testAsync(s: EndpointSettings, image: string): Promise<EndpointCheck[]> {
  if (!s.s3Bucket) return [];
  const connection = connectionOf(s);
  const s3 = createS3Client({ ...connection, endpointUrl: s.s3EndpointUrl || undefined });
  const runtime = createRuntimeClient(connection);
  const check = async (
    role: EndpointRole,
    endpoint: string,
    work: () => Promise<string>,
  ): Promise<EndpointCheck> => {
    const started = performance.now();
    try {
      const note = await work();
      return {
        role,
        endpoint,
        ok: true,
        latencyMs: performance.now() - started,
        model: null,
        error: null,
        note,
      };
    } catch (err) {
      const error = toErrorInfo(err);
      return { role, endpoint, ok: false, latencyMs: performance.now() - started, model: null, error };
    }
  };
  try {
    const body = Buffer.from(JSON.stringify({ image, prompts: [], multimask: false, mode: 'embedding' }));
    const input = {
      bucket: s.s3Bucket,
      key: requestKey(s.s3Prefix, createHash('sha256').update(body).digest('hex')),
    };
    const bucket = await check('s3-bucket', `s3://${s.s3Bucket}/${s.s3Prefix}`, async () => {
      await uploadOnce(s3, input, body, 'application/json', { retry: TEST_RETRY });
      if ((await headObject(s3, input, { retry: TEST_RETRY })) !== body.byteLength)
        throw new StudioError('endpoint_failed', `The test object in '${s.s3Bucket}' did not read back.`);
      return 'writes and reads request objects';
    });
    const endpoints = (
      [
        ['async-sam', s.asyncSamEndpoint],
        ['async-grounded-sam', s.asyncGroundedSamEndpoint],
      ] as const
    ).filter(([, name]) => name);
    const queued = await Promise.all(
      endpoints.map(([role, endpoint]) =>
        check(role, endpoint, async () => {
          if (!bucket.ok) throw new StudioError('endpoint_failed', 'Not tried: the bucket check failed.');
          const q = await invokeAsync(
            runtime,
            endpoint,
            {
              input,
              inferenceId: `test-connection-${Date.now()}`,
              filename: `test-connection-${role}.out`,
              ttlSec: 600,
              invocationTimeoutSec: 60,
            },
            { retry: TEST_RETRY },
          );
          return `queued a test request; answers go to s3://${q.output.bucket}/${q.output.key.replace(/[^/]*$/, '')}`;
        }),
      ),
    );
    return [bucket, ...queued];
  } finally {
    s3.destroy();
    runtime.destroy();
  }
}
