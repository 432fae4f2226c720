// The connection to the endpoints the user configured (Settings > Model endpoints), and 'test connection', which
// calls each configured endpoint once with a tiny image and reports per endpoint what answered or why not.
import sharp from 'sharp';
import type { EndpointCheck, EndpointRole } from '../../../shared/api/endpoints';
import type { EndpointSettings } from '../../../shared/domain';
import {
  groundedResponseSchema,
  samEmbeddingResponseSchema,
  samMasksResponseSchema,
  type GroundedRequest,
  type SamRequest,
} from '../../../shared/endpoints/wire';
import { toErrorInfo } from '../../../shared/errors';
import { invokeJson } from './invoke-json';
import type { RetryPolicy } from './retry';
import { createRuntimeClient, type RuntimeConnection } from './runtime-client';
import type { EndpointClientOptions } from './sagemaker-sam';
import { testAsync } from './async/from-settings';

export function connectionOf(s: EndpointSettings): RuntimeConnection {
  return {
    region: s.awsRegion,
    ...(s.awsProfile ? { profile: s.awsProfile } : {}),
    ...(s.endpointUrl ? { endpointUrl: s.endpointUrl } : {}),
    requestTimeoutMs: s.requestTimeoutSec * 1000,
  };
}

/** What an engine on the endpoint `endpointName` of Settings needs: its own SDK client and the click deadline. */
export function endpointClientOf(s: EndpointSettings, endpointName: string): EndpointClientOptions {
  return {
    client: createRuntimeClient(connectionOf(s)),
    endpointName,
    clickDeadlineMs: s.clickDeadlineSec * 1000,
  };
}

/** A test call should answer quickly: one retry at most. */
const TEST_RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 500 };

async function tinyImage(): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  return png.toString('base64');
}

export async function testEndpoints(settings: EndpointSettings): Promise<EndpointCheck[]> {
  const roles: [EndpointRole, string][] = [
    ['sam', settings.samEndpoint],
    ['grounded-sam', settings.groundedSamEndpoint],
  ];
  const configured = roles.filter(([, name]) => name);
  if (!configured.length && !settings.s3Bucket) return [];
  const image = await tinyImage();
  const [realtime, async] = await Promise.all([
    realtimeChecks(settings, configured, image),
    testAsync(settings, image),
  ]);
  return [...realtime, ...async];
}

async function realtimeChecks(
  settings: EndpointSettings,
  configured: [EndpointRole, string][],
  image: string,
): Promise<EndpointCheck[]> {
  if (!configured.length) return [];
  const client = createRuntimeClient(connectionOf(settings));
  try {
    return await Promise.all(
      configured.map(async ([role, endpoint]): Promise<EndpointCheck> => {
        const started = performance.now();
        try {
          const { value } =
            role === 'grounded-sam'
              ? await invokeJson(
                  client,
                  endpoint,
                  { image, text: 'car', with_masks: false } satisfies GroundedRequest,
                  groundedResponseSchema,
                  { retry: TEST_RETRY },
                )
              : settings.embeddingMode
                ? await invokeJson(
                    client,
                    endpoint,
                    { image, prompts: [], multimask: false, mode: 'embedding' } satisfies SamRequest,
                    samEmbeddingResponseSchema,
                    { retry: TEST_RETRY },
                  )
                : await invokeJson(
                    client,
                    endpoint,
                    { image, prompts: [{ box: [8, 8, 56, 56] }], multimask: false } satisfies SamRequest,
                    samMasksResponseSchema,
                    { retry: TEST_RETRY },
                  );
          return {
            role,
            endpoint,
            ok: true,
            latencyMs: performance.now() - started,
            model: value.model,
            error: null,
          };
        } catch (err) {
          return {
            role,
            endpoint,
            ok: false,
            latencyMs: performance.now() - started,
            model: null,
            error: toErrorInfo(err),
          };
        }
      }),
    );
  } finally {
    client.destroy();
  }
}
