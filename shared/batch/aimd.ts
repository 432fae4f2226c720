// Adaptive concurrency for batch jobs (AIMD, as TCP does): a throttled call halves the number of calls in
// flight, and every `limit` successes in a row without one add a call back, up to the ceiling. An endpoint that
// says "slow down" gets relief at once and its capacity is probed again slowly.

export interface AimdState {
  limit: number;
  /** Successes since the limit last changed. */
  streak: number;
}

export interface AimdBounds {
  min: number;
  max: number;
}

export const aimdStart = (bounds: AimdBounds): AimdState => ({ limit: bounds.max, streak: 0 });

export function aimdSuccess(state: AimdState, bounds: AimdBounds): AimdState {
  const streak = state.streak + 1;
  if (state.limit >= bounds.max) return { limit: bounds.max, streak: 0 };
  return streak >= state.limit ? { limit: state.limit + 1, streak: 0 } : { limit: state.limit, streak };
}

export function aimdThrottled(state: AimdState, bounds: AimdBounds): AimdState {
  return { limit: Math.max(bounds.min, Math.floor(state.limit / 2)), streak: 0 };
}
