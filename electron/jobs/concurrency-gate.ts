// A semaphore whose size follows AIMD (shared/batch/aimd.ts): batch jobs of one provider (the local engines,
// or the endpoints) share one gate, so two jobs on one endpoint together keep to its limit and both back off
// when it throttles.
import {
  aimdStart,
  aimdSuccess,
  aimdThrottled,
  type AimdBounds,
  type AimdState,
} from '../../shared/batch/aimd';
import { StudioError } from '../../shared/errors';

export class ConcurrencyGate {
  private state: AimdState;
  private inUse = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private bounds: AimdBounds) {
    this.state = aimdStart(bounds);
  }

  get limit(): number {
    return this.state.limit;
  }

  /** A new ceiling (Settings changed): the limit starts over from it. */
  setMax(max: number): void {
    if (max === this.bounds.max) return;
    this.bounds = { ...this.bounds, max };
    this.state = aimdStart(this.bounds);
    this.wake();
  }

  async acquire(signal: AbortSignal): Promise<void> {
    while (this.inUse >= this.state.limit) {
      if (signal.aborted) throw new StudioError('cancelled', 'Stopped while waiting for a free slot.');
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiting.push(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    this.inUse++;
  }

  release(): void {
    this.inUse--;
    this.wake();
  }

  succeeded(): void {
    this.state = aimdSuccess(this.state, this.bounds);
    this.wake();
  }

  throttled(): void {
    this.state = aimdThrottled(this.state, this.bounds);
  }

  /** Every waiter looks again (each re-checks the limit in acquire): simple, and gates hold tens of waiters. */
  private wake(): void {
    for (const resume of this.waiting.splice(0)) resume();
  }
}
