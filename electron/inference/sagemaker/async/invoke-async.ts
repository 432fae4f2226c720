// InvokeEndpointAsync: queues a request whose body already is in S3 and learns where its answer (or its failure)
// will be written. The call itself only queues, so it is quick; throttling and 5xx are retried as for
// InvokeEndpoint, and SageMaker's refusals become the same StudioErrors (errors.ts).
import { InvokeEndpointAsyncCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { parseS3Uri, s3Uri, type S3Location } from '../../../../shared/endpoints/async';
import { StudioError } from '../../../../shared/errors';
import { endpointError } from '../errors';
import {
  AttemptsFailed,
  DEFAULT_RETRY,
  realRetryEnv,
  withRetries,
  type RetryEnv,
  type RetryPolicy,
} from '../retry';

export interface AsyncRequest {
  input: S3Location;
  /** Our id for the request (shown in SageMaker's logs and notifications). */
  inferenceId: string;
  /** The answer's file name in the endpoint's output folder (SageMaker's Filename): known before sending. */
  filename: string;
  /** A request still queued after this long expires unanswered. */
  ttlSec: number;
  /** How long the container may take once it has the request. */
  invocationTimeoutSec: number;
}

export interface QueuedRequest {
  inferenceId: string;
  output: S3Location;
  failure: S3Location | null;
}

export interface AsyncInvokeOptions {
  signal?: AbortSignal;
  retry?: RetryPolicy;
  retryEnv?: RetryEnv;
}

export async function invokeAsync(
  client: SageMakerRuntimeClient,
  endpoint: string,
  request: AsyncRequest,
  options: AsyncInvokeOptions = {},
): Promise<QueuedRequest> {
  let out;
  try {
    ({ value: out } = await withRetries(
      () =>
        client.send(
          new InvokeEndpointAsyncCommand({
            EndpointName: endpoint,
            InputLocation: s3Uri(request.input),
            ContentType: 'application/json',
            Accept: 'application/json',
            InferenceId: request.inferenceId,
            Filename: request.filename,
            RequestTTLSeconds: request.ttlSec,
            InvocationTimeoutSeconds: request.invocationTimeoutSec,
          }),
          { abortSignal: options.signal },
        ),
      options.retry ?? DEFAULT_RETRY,
      options.retryEnv ?? realRetryEnv,
      options.signal,
    ));
  } catch (err) {
    if (options.signal?.aborted)
      throw new StudioError('cancelled', `The call to endpoint '${endpoint}' was cancelled.`);
    throw err instanceof AttemptsFailed
      ? endpointError(err.lastError, endpoint, err.attempts)
      : endpointError(err, endpoint, 1);
  }
  const output = out.OutputLocation ? parseS3Uri(out.OutputLocation) : null;
  if (!output)
    throw new StudioError(
      'endpoint_failed',
      `Endpoint '${endpoint}' queued the request without an output location ('${out.OutputLocation ?? ''}'): ` +
        `is it an asynchronous endpoint (AsyncInferenceConfig with an S3OutputPath)?`,
      { endpoint },
    );
  return {
    inferenceId: out.InferenceId ?? request.inferenceId,
    output,
    failure: out.FailureLocation ? parseS3Uri(out.FailureLocation) : null,
  };
}
