// Retries endpoint calls with exponential backoff and full jitter (shared/backoff.ts). The clock and the randomness are arguments so
// tests and the bench run the real policy without waiting for real.
import { backoffDelay, sleepUnlessAborted, type RetryPolicy } from '../../../shared/backoff';
import { StudioError } from '../../../shared/errors';
import { classifyFailure } from './errors';

export type { RetryPolicy } from '../../../shared/backoff';
export { backoffDelay };

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

export interface RetryEnv {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export const realRetryEnv: RetryEnv = {
  random: Math.random,
  sleep: async (ms, signal) => {
    if (!(await sleepUnlessAborted(ms, signal))) throw cancelled();
  },
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
