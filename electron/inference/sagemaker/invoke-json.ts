// One JSON call to an endpoint: InvokeEndpoint with retries, the answer parsed and validated with the wire
// schema. Every failure leaves as a StudioError (errors.ts) naming the endpoint; nothing is half-applied, the
// caller's prompts are untouched.
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { z } from 'zod';
import { SAGEMAKER_PAYLOAD_LIMIT } from '../../../shared/endpoints/payload';
import { StudioError } from '../../../shared/errors';
import { deadlineError, withDeadline } from './deadline';
import { endpointError } from './errors';
import {
  AttemptsFailed,
  DEFAULT_RETRY,
  realRetryEnv,
  withRetries,
  type RetryEnv,
  type RetryPolicy,
} from './retry';

export interface InvokeOptions {
  signal?: AbortSignal;
  retry?: RetryPolicy;
  retryEnv?: RetryEnv;
  /** The whole call, retries included, for a user waiting on it (a click); none for batch work. */
  deadlineMs?: number;
}

export interface InvokeResult<T> {
  value: T;
  attempts: number;
  /** Bytes sent and received (the 6 MB limits apply to both). */
  requestBytes: number;
  responseBytes: number;
}

/**
 * How an engine's JSON request reaches its endpoint: InvokeEndpoint (realtimeTransport) or asynchronous inference
 * through S3 (async/async-transport.ts). The engines build requests and read answers the same either way.
 */
export interface JsonTransport {
  invoke<S extends z.ZodType>(
    endpoint: string,
    body: unknown,
    schema: S,
    options?: InvokeOptions,
  ): Promise<InvokeResult<z.output<S>>>;
  /** Closes what the transport holds beside the engine's own client (the async transport's S3 client). */
  destroy?(): void;
}

export function realtimeTransport(client: SageMakerRuntimeClient): JsonTransport {
  return { invoke: (endpoint, body, schema, options) => invokeJson(client, endpoint, body, schema, options) };
}

/** The transport an engine's options name, else InvokeEndpoint on its client. */
export const transportOf = (o: {
  client: SageMakerRuntimeClient;
  transport?: JsonTransport;
}): JsonTransport => o.transport ?? realtimeTransport(o.client);

export async function invokeJson<S extends z.ZodType>(
  client: SageMakerRuntimeClient,
  endpoint: string,
  body: unknown,
  schema: S,
  options: InvokeOptions = {},
): Promise<InvokeResult<z.output<S>>> {
  const payload = Buffer.from(JSON.stringify(body));
  // SageMaker would refuse it after the upload; say why before sending.
  if (payload.length > SAGEMAKER_PAYLOAD_LIMIT)
    throw new StudioError(
      'image_too_large',
      `The request to endpoint '${endpoint}' is ${payload.length} bytes; InvokeEndpoint takes at most ` +
        `${SAGEMAKER_PAYLOAD_LIMIT} (6 MB).`,
      { endpoint, bytes: payload.length },
    );
  let response: { bytes: Uint8Array; attempts: number };
  try {
    const { value, attempts } = await withDeadline(
      options.deadlineMs,
      options.signal,
      () => deadlineError(endpoint, options.deadlineMs!),
      (signal) =>
        withRetries(
          async () => {
            const out = await client.send(
              new InvokeEndpointCommand({
                EndpointName: endpoint,
                ContentType: 'application/json',
                Accept: 'application/json',
                Body: payload,
              }),
              { abortSignal: signal },
            );
            return out.Body ?? new Uint8Array();
          },
          options.retry ?? DEFAULT_RETRY,
          options.retryEnv ?? realRetryEnv,
          signal,
        ),
    );
    response = { bytes: value, attempts };
  } catch (err) {
    if (options.signal?.aborted)
      throw new StudioError('cancelled', `The call to endpoint '${endpoint}' was cancelled.`);
    throw err instanceof AttemptsFailed
      ? endpointError(err.lastError, endpoint, err.attempts)
      : endpointError(err, endpoint, 1);
  }
  return {
    value: parseAnswer(endpoint, response.bytes, schema),
    attempts: response.attempts,
    requestBytes: payload.length,
    responseBytes: response.bytes.byteLength,
  };
}

/** An endpoint's answer bytes as JSON checked against the wire contract; a StudioError naming the endpoint if not. */
export function parseAnswer<S extends z.ZodType>(
  endpoint: string,
  bytes: Uint8Array,
  schema: S,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' answered ${bytes.byteLength} bytes that are not valid JSON (a broken or ` +
        `wrong container?).`,
      { endpoint },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' answered JSON that does not follow the wire contract: ${issues.join('; ')}`,
      { endpoint, issues: parsed.error.issues.slice(0, 20) },
    );
  }
  return parsed.data;
}
