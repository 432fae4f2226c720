// The S3 object operations async inference needs, each retried like the endpoint calls: whether an object is
// there (HeadObject), uploading a request once (its key is its content hash, so an object of that key and
// size is that request: no second upload), multipart through lib-storage for large bodies, and reading one.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Location } from '../../../../shared/endpoints/async';
import { StudioError } from '../../../../shared/errors';
import {
  AttemptsFailed,
  DEFAULT_RETRY,
  realRetryEnv,
  withRetries,
  type RetryEnv,
  type RetryPolicy,
} from '../retry';
import { s3Error } from './s3-errors';

/** Bodies from this size go up in parts (S3's parts are at least 5 MiB; fewer, larger parts cost fewer calls). */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;

export interface S3CallOptions {
  signal?: AbortSignal;
  retry?: RetryPolicy;
  retryEnv?: RetryEnv;
}

async function retried<T>(
  loc: S3Location,
  what: string,
  options: S3CallOptions,
  call: () => Promise<T>,
): Promise<T> {
  try {
    const { value } = await withRetries(
      call,
      options.retry ?? DEFAULT_RETRY,
      options.retryEnv ?? realRetryEnv,
      options.signal,
    );
    return value;
  } catch (err) {
    if (options.signal?.aborted) throw new StudioError('cancelled', `Cancelled while ${what}.`);
    throw err instanceof AttemptsFailed
      ? s3Error(err.lastError, loc.bucket, what, err.attempts)
      : s3Error(err, loc.bucket, what);
  }
}

const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
};

/** The object's size when it is there, null when not. */
export function headObject(
  s3: S3Client,
  loc: S3Location,
  options: S3CallOptions = {},
): Promise<number | null> {
  return retried(loc, `looking for s3://${loc.bucket}/${loc.key}`, options, async () => {
    try {
      const out = await s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }), {
        abortSignal: options.signal,
      });
      return out.ContentLength ?? 0;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  });
}

/**
 * Puts `body` at `loc` unless an object of that key and size is there already (the key names the content);
 * returns the bytes sent (0 when it was there).
 */
export async function uploadOnce(
  s3: S3Client,
  loc: S3Location,
  body: Uint8Array,
  contentType: string,
  options: S3CallOptions = {},
): Promise<number> {
  if ((await headObject(s3, loc, options)) === body.byteLength) return 0;
  await retried(loc, `uploading s3://${loc.bucket}/${loc.key}`, options, async () => {
    if (body.byteLength < MULTIPART_THRESHOLD) {
      await s3.send(
        new PutObjectCommand({ Bucket: loc.bucket, Key: loc.key, Body: body, ContentType: contentType }),
        { abortSignal: options.signal },
      );
      return;
    }
    const upload = new Upload({
      client: s3,
      params: { Bucket: loc.bucket, Key: loc.key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: 4,
      // A failed multipart upload is aborted, so no half-uploaded parts are left to pay for.
      leavePartsOnError: false,
    });
    const abort = () => void upload.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  });
  return body.byteLength;
}

/** The object's bytes, refusing more than `maxBytes` (an answer that large is not one of ours). */
export function getObjectBytes(
  s3: S3Client,
  loc: S3Location,
  maxBytes: number,
  options: S3CallOptions = {},
): Promise<Uint8Array> {
  return retried(loc, `reading s3://${loc.bucket}/${loc.key}`, options, async () => {
    const out = await s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key }), {
      abortSignal: options.signal,
    });
    if ((out.ContentLength ?? 0) > maxBytes) {
      out.Body?.transformToWebStream()
        .cancel()
        .catch(() => {});
      throw new StudioError(
        'endpoint_failed',
        `s3://${loc.bucket}/${loc.key} is ${out.ContentLength} bytes; an answer is at most ${maxBytes}.`,
      );
    }
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  });
}
