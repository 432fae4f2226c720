// Waiting for an async request's answer: HeadObject on its output and failure locations, with waits that grow
// (full jitter, shared/backoff.ts) from a fraction of a second to a few seconds, so a quick answer is seen soon
// and a long queue (an endpoint scaling up from zero) costs few calls. Gives up after `deadlineMs`.
import type { S3Client } from '@aws-sdk/client-s3';
import { backoffDelay, type RetryPolicy } from '../../../../shared/backoff';
import { s3Uri, type S3Location } from '../../../../shared/endpoints/async';
import { StudioError } from '../../../../shared/errors';
import { realRetryEnv, type RetryEnv } from '../retry';
import { headObject } from './s3-objects';

export interface PollPolicy {
  /** The first waits are up to this long; each round doubles it up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Every wait is at least this long (full jitter alone would sometimes ask again at once). */
  minDelayMs: number;
}

export const DEFAULT_POLL: PollPolicy = { baseDelayMs: 100, maxDelayMs: 5000, minDelayMs: 50 };

export type Answer = { kind: 'output'; location: S3Location } | { kind: 'failure'; location: S3Location };

export interface AwaitOptions {
  signal?: AbortSignal;
  poll?: PollPolicy;
  env?: RetryEnv & { now?: () => number };
  /** Stop waiting (endpoint_unavailable) at this time (ms since the epoch). */
  deadlineAt: number;
  /** Wait this long before the first look (how long answers usually take). */
  firstWaitMs?: number;
  endpoint: string;
}

export async function awaitAnswer(
  s3: S3Client,
  where: { output: S3Location; failure: S3Location | null },
  options: AwaitOptions,
): Promise<Answer> {
  const poll = options.poll ?? DEFAULT_POLL;
  const env = options.env ?? realRetryEnv;
  const now = options.env?.now ?? Date.now;
  const policy: RetryPolicy = { maxAttempts: 0, baseDelayMs: poll.baseDelayMs, maxDelayMs: poll.maxDelayMs };
  if (options.firstWaitMs)
    await env.sleep(Math.min(options.firstWaitMs, Math.max(0, options.deadlineAt - now())), options.signal);
  for (let round = 0; ; round++) {
    if ((await headObject(s3, where.output, { signal: options.signal })) !== null)
      return { kind: 'output', location: where.output };
    if (where.failure && (await headObject(s3, where.failure, { signal: options.signal })) !== null)
      return { kind: 'failure', location: where.failure };
    if (now() >= options.deadlineAt)
      throw new StudioError(
        'endpoint_unavailable',
        `Endpoint '${options.endpoint}' wrote no answer to ${s3Uri(where.output)} in time (the request's ` +
          `time to live and invocation timeout have passed).`,
        { endpoint: options.endpoint, output: s3Uri(where.output) },
      );
    const wait = Math.max(poll.minDelayMs, backoffDelay(Math.min(round, 16), policy, env.random));
    await env.sleep(Math.min(wait, Math.max(0, options.deadlineAt - now())), options.signal);
  }
}
