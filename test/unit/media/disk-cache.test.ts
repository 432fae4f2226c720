import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CacheWriteError, cachePath, ensureCachedFile } from '../../../electron/media/disk-cache';
import { makeTempDir } from '../../helpers/temp-dir';

const SHA = 'ab'.repeat(32);

describe('disk cache', () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);

  it('shards by the first two hex digits and refuses anything but a sha256', () => {
    expect(cachePath('/c', SHA, '.png')).toBe(join('/c', 'ab', `${SHA}.png`));
    for (const bad of ['../../etc/passwd', SHA.toUpperCase(), SHA.slice(1)])
      expect(() => cachePath('/c', bad, '.png')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('produces a file once, however many ask at the same time', async () => {
    const target = cachePath(join(tmp.dir, 'once'), SHA, '.bin');
    let produced = 0;
    const produce = async () => {
      produced++;
      await new Promise((r) => setTimeout(r, 20));
      return Buffer.from('content');
    };
    const paths = await Promise.all(Array.from({ length: 5 }, () => ensureCachedFile(target, produce)));
    expect(paths).toEqual(Array(5).fill(target));
    await ensureCachedFile(target, produce);
    expect(produced).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe('content');
  });

  it('leaves nothing behind when production fails, and tries again next time', async () => {
    const dir = join(tmp.dir, 'failing');
    const target = cachePath(dir, SHA, '.bin');
    const failure = ensureCachedFile(target, () => Promise.reject(new Error('corrupt')));
    await expect(failure).rejects.toThrow('corrupt');
    expect(() => readdirSync(join(dir, 'ab'))).toThrow(); // not even the folder
    await ensureCachedFile(target, async () => Buffer.from('ok'));
    expect(readdirSync(join(dir, 'ab'))).toEqual([`${SHA}.bin`]); // no temp file left either
  });

  it('reports a cache that cannot be written as a CacheWriteError naming the file', async () => {
    const blocker = join(tmp.dir, 'blocker');
    writeFileSync(blocker, 'a file where the cache folder should be');
    const target = cachePath(blocker, SHA, '.bin');
    const write = ensureCachedFile(target, async () => Buffer.from('x'));
    await expect(write).rejects.toBeInstanceOf(CacheWriteError);
    await expect(ensureCachedFile(target, async () => Buffer.from('x'))).rejects.toMatchObject({
      code: 'io_error',
      message: expect.stringContaining(target),
    });
  });
});
