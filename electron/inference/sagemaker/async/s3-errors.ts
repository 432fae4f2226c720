// S3 failures as StudioErrors a user can act on: a missing bucket or a refused key say which bucket and what to
// change; throttling (SlowDown, 503), 5xx and socket errors are retried like the endpoint calls (errors.ts).
import { StudioError } from '../../../../shared/errors';
import { endpointError } from '../errors';

interface S3LikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const REFUSED = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'AllAccessDisabled',
]);

/** `what`: the operation in words ('uploading the request', 'reading the answer'). */
export function s3Error(err: unknown, bucket: string, what: string, attempts = 1): StudioError {
  if (err instanceof StudioError) return err;
  const e = (err ?? {}) as S3LikeError;
  const status = e.$metadata?.httpStatusCode;
  const details = { bucket, awsError: e.name, status, attempts };
  if (e.name === 'NoSuchBucket' || (what === 'checking the bucket' && status === 404))
    return new StudioError(
      'endpoint_failed',
      `The S3 bucket '${bucket}' does not exist (or is in another region): check Settings > Model endpoints.`,
      details,
    );
  if (REFUSED.has(e.name ?? '') || status === 403) {
    // A HEAD answer has no body to name the error: say what a 403 means.
    const why = e.name && e.name !== 'Unknown' ? e.name : `HTTP ${status}: access denied or a wrong key`;
    return new StudioError(
      'unauthorized',
      `S3 refused ${what} (${why}): the profile needs s3:GetObject, s3:PutObject and s3:ListBucket on ` +
        `bucket '${bucket}' (resources/endpoints/README.md has the policy).`,
      details,
    );
  }
  // Everything else reads as the endpoint errors do (credentials missing, throttled, unreachable, 5xx).
  const mapped = endpointError(err, `s3://${bucket}`, attempts);
  return new StudioError(mapped.code, `${what[0]!.toUpperCase()}${what.slice(1)}: ${mapped.message}`, {
    ...details,
    ...(mapped.details as object),
  });
}
