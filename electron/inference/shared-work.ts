// One piece of work per key (an image's encoding, an embedding fetch) shared by every caller asking for it
// meanwhile. A caller's signal ends only its own wait; when the last waiting caller leaves by aborting, the work's
// own signal aborts too, so it stops competing with the image now open. A caller coming after that starts the
// work again once the aborted run has settled (it may still have finished and left its result in a cache).

interface Job<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

const noop = () => undefined;

export class SharedWork<T> {
  private readonly jobs = new Map<string, Job<T>>();

  /** Waits for the work of `key`, starting it with `run` when none is under way; `onAbort` is the leaving error. */
  async join(
    key: string,
    run: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
    onAbort: () => Error,
  ): Promise<T> {
    if (signal?.aborted) throw onAbort();
    let job = this.jobs.get(key);
    if (!job || job.controller.signal.aborted) {
      const before = job?.promise.then(noop, noop) ?? Promise.resolve();
      const controller = new AbortController();
      const created: Job<T> = {
        controller,
        waiters: 0,
        promise: before
          .then(() => run(controller.signal))
          .finally(() => {
            if (this.jobs.get(key) === created) this.jobs.delete(key);
          }),
      };
      this.jobs.set(key, created);
      job = created;
    }
    const mine = job;
    mine.waiters++;
    try {
      return await untilAborted(mine.promise, signal, onAbort);
    } finally {
      mine.waiters--;
      if (mine.waiters === 0 && signal?.aborted) mine.controller.abort();
    }
  }

  /** Aborts all work under way and forgets it. */
  abortAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
    this.jobs.clear();
  }
}

/** `promise`, or the error of `onAbort` as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Error,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
