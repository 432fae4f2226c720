// Retries with exponential backoff and full jitter (each wait uniform in [0, base * 2^attempt], capped), so
// many clients throttled together do not come back together. The clock and the randomness are arguments so
// tests and the bench run the real policy without waiting for real.
import { StudioError } from '../../../shared/errors';
import { classifyFailure } from './errors';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

/** The wait before retry number `retry` (0 = the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

export interface RetryEnv {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export const realRetryEnv: RetryEnv = {
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      const t = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          reject(cancelled());
        },
        { once: true },
      );
    }),
};

const cancelled = () => new StudioError('cancelled', 'Cancelled while waiting to retry the endpoint.');

/** The last failure of a retried call and how many attempts were made. */
export class AttemptsFailed extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = 'AttemptsFailed';
  }
}

/** Runs `attempt` until it succeeds, fails for good, or the attempts run out (then throws AttemptsFailed). */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  env: RetryEnv = realRetryEnv,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (err) {
      if (n >= policy.maxAttempts || classifyFailure(err) !== 'retryable' || signal?.aborted)
        throw new AttemptsFailed(err, n);
      await env.sleep(backoffDelay(n - 1, policy, env.random), signal);
    }
  }
}
