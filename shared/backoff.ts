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
