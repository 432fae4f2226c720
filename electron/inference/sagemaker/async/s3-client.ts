// One S3Client per connection setting, with the same credentials as the endpoints (the AWS default chain for the
// chosen profile, never stored). A custom URL (a local S3 server, an S3-compatible store) gets path-style
// addressing, since vhost-style needs DNS for each bucket. Checksums only where S3 requires them: the request
// objects are verified by their content-hash keys, and S3-compatible servers differ in the newer checksums.
// The SDK's own retries are off, as for the runtime client: withRetries owns retrying.
import { S3Client } from '@aws-sdk/client-s3';
import { credentialsOf, DEFAULT_REQUEST_TIMEOUT_MS, type RuntimeConnection } from '../runtime-client';

export type S3Connection = RuntimeConnection;

export function createS3Client(c: S3Connection): S3Client {
  return new S3Client({
    region: c.region,
    ...(c.endpointUrl ? { endpoint: c.endpointUrl, forcePathStyle: true } : {}),
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      requestTimeout: c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: 10_000,
      throwOnRequestTimeout: true,
    },
    credentials: credentialsOf(c),
  });
}
