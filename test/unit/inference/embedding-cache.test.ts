import { existsSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache, type Embedding } from '../../../electron/inference/embedding-cache';
import { StudioError } from '../../../shared/errors';
import { makeTempDir } from '../../helpers/temp-dir';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const key = (n: number, modelId = 'mobile-sam') => ({ imageSha256: sha(n), modelId });

/** A float32 embedding of `values` numbers, each distinct and derived from `seed`. */
function embedding(seed: number, values = 1024): Embedding {
  const data = Float32Array.from({ length: values }, (_, i) => seed + i / 7);
  return { dtype: 'float32', data, shape: [1, values], inputSize: [576, 1024] };
}

const temps: Array<() => void> = [];
function tempDir(): string {
  const { dir, cleanup } = makeTempDir('vps-emb-');
  temps.push(cleanup);
  return dir;
}
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

describe('EmbeddingCache', () => {
  it('answers from memory after a put and counts the hit', async () => {
    const cache = new EmbeddingCache({ maxMemoryMB: 1, dir: null });
    const e = embedding(1);
    await cache.put(key(1), e);
    expect(cache.peek(key(1))).toBe(e);
    expect(await cache.get(key(1))).toBe(e);
    expect(await cache.get(key(2))).toBeNull();
    expect(cache.stats()).toEqual({ memoryHits: 2, diskHits: 0, misses: 1, memoryBytes: 4096 });
  });

  it('keys by model too: the same image under another model is another entry', async () => {
    const cache = new EmbeddingCache({ maxMemoryMB: 1, dir: null });
    await cache.put(key(1, 'mobile-sam'), embedding(1));
    expect(cache.peek(key(1, 'sam-vit-b'))).toBeNull();
  });

  it('evicts the least recently used entries beyond the MB budget', async () => {
    // 4096 bytes each, room for two.
    const cache = new EmbeddingCache({ maxMemoryMB: 9000 / (1024 * 1024), dir: null });
    await cache.put(key(1), embedding(1));
    await cache.put(key(2), embedding(2));
    cache.peek(key(1)); // 2 is now the least recently used
    await cache.put(key(3), embedding(3));
    expect(cache.peek(key(2))).toBeNull();
    expect(cache.peek(key(1))).not.toBeNull();
    expect(cache.peek(key(3))).not.toBeNull();
    expect(cache.stats().memoryBytes).toBe(8192);
  });

  it('keeps an embedding larger than the budget on disk only', async () => {
    const dir = tempDir();
    const cache = new EmbeddingCache({ maxMemoryMB: 0.001, dir });
    await cache.put(key(1), embedding(1));
    expect(cache.peek(key(1))).toBeNull();
    expect(cache.stats().memoryBytes).toBe(0);
    expect((await cache.get(key(1)))?.data).toEqual(embedding(1).data);
  });

  it('a new cache on the same folder answers from disk, float32 and float16 alike, then from memory', async () => {
    const dir = tempDir();
    const half: Embedding = {
      dtype: 'float16',
      data: Uint16Array.from([0x3c00, 0xc000, 0x7bff]),
      shape: [3],
      inputSize: [720, 1280],
    };
    const first = new EmbeddingCache({ maxMemoryMB: 1, dir });
    await first.put(key(1), embedding(1));
    await first.put(key(2), half);
    // Written atomically: only the final files, no temp files left beside them.
    expect(readdirSync(join(dir, 'mobile-sam')).sort()).toEqual([`${sha(1)}.emb`, `${sha(2)}.emb`]);

    const second = new EmbeddingCache({ maxMemoryMB: 1, dir });
    expect(await second.get(key(1))).toEqual(embedding(1));
    expect(await second.get(key(2))).toEqual(half);
    expect(await second.get(key(1))).toEqual(embedding(1));
    expect(second.stats()).toMatchObject({ diskHits: 2, memoryHits: 1, misses: 0 });
  });

  it('keeps the disk within its budget, removing the least recently used files, also after a restart', async () => {
    const dir = tempDir();
    const files = () => readdirSync(join(dir, 'mobile-sam')).sort();
    // Each file is 512 header bytes + 4096 data bytes: room for two.
    const options = { maxMemoryMB: 0, dir, maxDiskMB: 10_000 / (1024 * 1024) };
    const cache = new EmbeddingCache(options);
    await cache.put(key(1), embedding(1));
    await cache.put(key(2), embedding(2));
    expect(await cache.get(key(1))).toEqual(embedding(1)); // 2 is now the least recently used
    await new Promise((resolve) => setTimeout(resolve, 20)); // file times in whole milliseconds
    await cache.put(key(3), embedding(3));
    expect(files()).toEqual([`${sha(1)}.emb`, `${sha(3)}.emb`]);
    expect(await cache.get(key(2))).toBeNull();

    // A new instance learns the order from the files' times: 1 was used before 3 was written.
    const later = new EmbeddingCache(options);
    await later.put(key(4), embedding(4));
    expect(files()).toEqual([`${sha(3)}.emb`, `${sha(4)}.emb`]);
  });

  it.each([
    ['garbage', (path: string) => writeFileSync(path, 'not an embedding at all')],
    ['truncated', (path: string) => truncateSync(path, 1000)],
  ])('treats a %s file as a miss and removes it', async (_, damage) => {
    const dir = tempDir();
    await new EmbeddingCache({ maxMemoryMB: 1, dir }).put(key(1), embedding(1));
    const path = join(dir, 'mobile-sam', `${sha(1)}.emb`);
    damage(path);
    const cache = new EmbeddingCache({ maxMemoryMB: 1, dir });
    expect(await cache.get(key(1))).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(cache.stats().misses).toBe(1);
  });

  it.each([
    ['a sha256 that could leave the folder', { imageSha256: '../../etc/passwd', modelId: 'mobile-sam' }],
    ['a model id with a slash', { imageSha256: sha(1), modelId: 'a/b' }],
  ])('refuses %s', async (_, badKey) => {
    const cache = new EmbeddingCache({ maxMemoryMB: 1, dir: tempDir() });
    await expect(cache.put(badKey, embedding(1))).rejects.toMatchObject({ code: 'invalid_input' });
    expect(() => cache.peek(badKey)).toThrow(StudioError);
  });

  it('refuses an embedding whose shape does not match its data', async () => {
    const cache = new EmbeddingCache({ maxMemoryMB: 1, dir: null });
    const bad: Embedding = { ...embedding(1), shape: [1, 256, 64, 64] };
    await expect(cache.put(key(1), bad)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(cache.peek(key(1))).toBeNull();
  });
});
