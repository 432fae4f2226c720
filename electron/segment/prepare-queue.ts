// Background per-image preparation (SAM: the encoder), one image at a time so it never competes with itself for
// the two cores, in the order asked. A new list replaces the old: work for images no longer listed is aborted
// (the user moved on), images still listed keep their place and any progress.
export type PrepareWork = (key: string, signal: AbortSignal) => Promise<void>;

export class PrepareQueue {
  private readonly pending = new Map<string, AbortController>();
  private order: string[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly work: PrepareWork,
    /** Failures are not the caller's (it has moved on): they are reported here, and surface on the real run. */
    private readonly onError: (key: string, err: unknown) => void = () => {},
  ) {}

  /** Replaces the queue with `keys`, first first; returns the keys now pending. */
  set(keys: readonly string[]): string[] {
    const wanted = new Set(keys);
    for (const [key, controller] of this.pending)
      if (!wanted.has(key)) {
        controller.abort();
        this.pending.delete(key);
      }
    for (const key of keys) if (!this.pending.has(key)) this.pending.set(key, new AbortController());
    this.order = [...wanted];
    this.running ??= this.drain().finally(() => (this.running = null));
    return [...this.order];
  }

  /** Resolves when nothing is pending (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Aborts everything. */
  clear(): void {
    this.set([]);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const key = this.order.find((k) => this.pending.has(k));
      if (key === undefined) return;
      const controller = this.pending.get(key)!;
      try {
        await this.work(key, controller.signal);
      } catch (err) {
        if (!controller.signal.aborted) this.onError(key, err);
      }
      if (this.pending.get(key) === controller) this.pending.delete(key);
    }
  }
}
