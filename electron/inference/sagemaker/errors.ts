// SageMaker Runtime failures as StudioErrors a user can act on. The SDK throws exceptions named after the
// service's error shapes (ValidationError, ModelError with the container's OriginalStatusCode/OriginalMessage,
// ModelNotReadyException, ...), a generic one for ThrottlingException, and Node/socket errors for timeouts and
// refused connections. Credentials never appear in any message.
import { StudioError } from '../../../shared/errors';

export type FailureKind = 'retryable' | 'final' | 'cancelled';

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  OriginalStatusCode?: number;
  OriginalMessage?: string;
  LogStreamArn?: string;
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ModelNotReadyException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalDependencyException',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Whether trying again can help. Inference has no side effects, so 5xx, throttling (429), a model still
 * loading and socket timeouts are retried; a request the endpoint refused (400) or its container failed on
 * (424 ModelError) would fail the same way again.
 */
export function classifyFailure(err: unknown): FailureKind {
  const e = (err ?? {}) as AwsLikeError;
  if (e.name === 'AbortError' || (err instanceof StudioError && err.code === 'cancelled')) return 'cancelled';
  if (err instanceof StudioError) return 'final';
  if (RETRYABLE_NAMES.has(e.name ?? '') || NETWORK_CODES.has(e.code ?? '')) return 'retryable';
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500 && status !== 501)) return 'retryable';
  return 'final';
}

/** The StudioError for a failure after the retries (or a final one); `attempts` says how many were made. */
export function endpointError(err: unknown, endpoint: string, attempts: number): StudioError {
  if (err instanceof StudioError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const status = e.$metadata?.httpStatusCode;
  const details = { endpoint, awsError: e.name, status, attempts };
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  switch (e.name) {
    case 'AbortError':
      return new StudioError('cancelled', `The call to endpoint '${endpoint}' was cancelled.`, details);
    case 'ModelError':
      if (e.OriginalStatusCode === 0)
        return new StudioError(
          'endpoint_failed',
          `The model behind endpoint '${endpoint}' did not answer within SageMaker's 60 s: ` +
            `${e.OriginalMessage ?? e.message ?? 'timed out'}`,
          { ...details, originalStatusCode: 0, logStreamArn: e.LogStreamArn },
        );
      return new StudioError(
        'endpoint_failed',
        `The model behind endpoint '${endpoint}' failed with status ${e.OriginalStatusCode ?? '?'}: ` +
          `${e.OriginalMessage ?? e.message ?? 'no message'}` +
          (e.LogStreamArn ? ` (container logs: ${e.LogStreamArn})` : ''),
        {
          ...details,
          originalStatusCode: e.OriginalStatusCode,
          originalMessage: e.OriginalMessage,
          logStreamArn: e.LogStreamArn,
        },
      );
    case 'ValidationError':
      return new StudioError(
        'endpoint_failed',
        `SageMaker refused the request to endpoint '${endpoint}': ${e.message}`,
        details,
      );
    case 'CredentialsProviderError':
      return new StudioError(
        'unauthorized',
        `No AWS credentials for endpoint '${endpoint}': ${e.message} Choose a profile in Settings, or sign in ` +
          `(aws sso login) for the selected one.`,
        details,
      );
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignatureException':
    case 'MissingAuthenticationTokenException':
    case 'ExpiredTokenException':
    case 'AccessDeniedException':
      return new StudioError(
        'unauthorized',
        `AWS refused the credentials for endpoint '${endpoint}' (${e.name}): ${e.message}`,
        details,
      );
  }
  if (classifyFailure(err) === 'retryable') {
    const what =
      e.name === 'TimeoutError' || e.code === 'ETIMEDOUT'
        ? 'did not answer in time'
        : e.name === 'ThrottlingException' || status === 429
          ? `is throttled or still loading (${e.name})`
          : e.code
            ? `could not be reached (${e.code})`
            : `is failing (${e.name ?? 'error'} ${status ?? ''})`.replace(' )', ')');
    return new StudioError(
      'endpoint_unavailable',
      `Endpoint '${endpoint}' ${what}${tries}: ${e.message ?? ''}`.trim(),
      details,
    );
  }
  return new StudioError(
    'endpoint_failed',
    `Endpoint '${endpoint}' failed (${e.name ?? 'error'}${status ? ` ${status}` : ''}): ${e.message ?? String(err)}`,
    details,
  );
}
