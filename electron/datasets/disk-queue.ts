// File operations of an export a few at a time: each waits on the disk, not the CPU, so awaiting them one by one
// leaves the process idle (10,000 KITTI label files, 10,000 image links), while all at once would open too many.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Runs up to `concurrency` operations at once, each after its destination's folder is made (once per folder).
 * The first failure is thrown by the next `add` or by `finish`.
 */
export class DiskQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly folders = new Map<string, Promise<unknown>>();
  private failure: unknown = null;

  constructor(private readonly concurrency = 16) {}

  /** Waits only while the queue is full; `work` runs once a place is free and `dest`'s folder exists. */
  async add(dest: string, work: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.pending.size >= this.concurrency) await Promise.race(this.pending);
    const dir = dirname(dest);
    let folder = this.folders.get(dir);
    if (!folder) this.folders.set(dir, (folder = mkdir(dir, { recursive: true })));
    const job = folder
      .then(work)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  async finish(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure;
  }

  /** Waits for the operations under way (before the temp folder is removed on a failure). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }
}
