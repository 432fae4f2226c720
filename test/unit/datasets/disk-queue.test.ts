// The export's file operations run a few at a time, each in a folder made once, and a failure is not lost.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue } from '../../../electron/datasets/disk-queue';
import { makeTempDir } from '../../helpers/temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('DiskQueue', () => {
  it('runs at most its concurrency at once, in folders it makes, and every operation has run by finish', async () => {
    const { dir, cleanup } = makeTempDir('vps-disk-queue-');
    cleanups.push(cleanup);
    const queue = new DiskQueue(3);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 20; i++) {
      const path = join(dir, `folder-${i % 4}`, 'deeper', `${i}.txt`);
      await queue.add(path, async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 2));
        await writeFile(path, String(i));
        running--;
      });
    }
    await queue.finish();
    expect(most).toBe(3);
    for (let i = 0; i < 20; i++)
      expect(existsSync(join(dir, `folder-${i % 4}`, 'deeper', `${i}.txt`))).toBe(true);
  });

  it('throws the first failure from the next add, and from finish', async () => {
    const { dir, cleanup } = makeTempDir('vps-disk-queue-');
    cleanups.push(cleanup);
    const queue = new DiskQueue(2);
    await queue.add(join(dir, 'a'), () => Promise.reject(new Error('disk full')));
    await queue.settle();
    await expect(queue.add(join(dir, 'b'), () => Promise.resolve())).rejects.toThrow('disk full');
    await expect(queue.finish()).rejects.toThrow('disk full');
  });
});
