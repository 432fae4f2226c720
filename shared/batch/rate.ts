// Throughput and time left of a batch job, from the items finished in a recent window: the rate follows the
// endpoint as it speeds up or is throttled, instead of averaging over the whole run.

export interface RateWindow {
  /** Finish times (ms), oldest first, at most `size` of them. */
  times: number[];
  size: number;
}

export const rateWindow = (size = 50): RateWindow => ({ times: [], size });

export function recordFinish(window: RateWindow, at: number): void {
  window.times.push(at);
  if (window.times.length > window.size) window.times.shift();
}

/** Items per second over the window; null until two items have finished. */
export function itemsPerSecond(window: RateWindow): number | null {
  const { times } = window;
  if (times.length < 2) return null;
  const span = times[times.length - 1]! - times[0]!;
  return span > 0 ? ((times.length - 1) * 1000) / span : null;
}

/** Seconds left for `remaining` items at `rate`; null when unknown. */
export const etaSeconds = (remaining: number, rate: number | null): number | null =>
  rate === null || rate <= 0 ? null : Math.round(remaining / rate);
