// Exponential backoff with full jitter: each wait is uniform in [0, base * 2^retry], capped, so many clients
// throttled together do not come back together (the endpoint calls and the batch jobs both retry this way).

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The wait before retry number `retry` (0 = the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

/**
 * Waits `ms`, or less when `signal` aborts: true when the whole wait passed, false when it was cut short. The
 * abort listener goes with the wait, so a job's signal does not collect one per retry.
 */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
