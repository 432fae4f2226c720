// The click deadline: a user waiting on an endpoint gets an answer or a clear error within N seconds, whatever
// the per-call timeout and the retries would allow. Batch work (chains, jobs) has no deadline.
import { StudioError } from '../../../shared/errors';

/** The error of a call that outlived its deadline. */
export function deadlineError(endpoint: string, deadlineMs: number): StudioError {
  const seconds = Math.round(deadlineMs / 100) / 10;
  return new StudioError(
    'endpoint_unavailable',
    `Endpoint '${endpoint}' did not answer within ${seconds} s (the click deadline in Settings > Model ` +
      `endpoints; chains and jobs wait longer).`,
    { endpoint, deadlineMs },
  );
}

/**
 * Runs `work` with a signal that also aborts once `deadlineMs` has passed (no deadline when undefined). At the
 * deadline the call fails with `onDeadline()` at once, even if the work is slow to notice its signal.
 */
export async function withDeadline<T>(
  deadlineMs: number | undefined,
  signal: AbortSignal | undefined,
  onDeadline: () => Error,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (deadlineMs === undefined) return work(signal);
  const timer = new AbortController();
  let expire!: (err: Error) => void;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const t = setTimeout(() => {
    expire(onDeadline());
    timer.abort();
  }, deadlineMs);
  const running = work(signal ? AbortSignal.any([signal, timer.signal]) : timer.signal);
  // Once the deadline has answered, how the aborted work ends is nobody's to see.
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(t);
  }
}
