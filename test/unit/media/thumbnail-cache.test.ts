import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../../electron/media/hash-file';
import { ThumbnailCache } from '../../../electron/media/thumbnail-cache';
import {
  makeHugePng,
  makeImage,
  makeNonImage,
  makeTruncated,
  readPixel,
  WHITE,
  type Rgb,
} from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

const RED: Rgb = [220, 20, 20];
const SIZE = 32;

/** Within JPEG / WebP rounding of the expected colour. */
function expectColor(actual: Rgb, expected: Rgb) {
  actual.forEach((c, i) => expect(Math.abs(c - expected[i]!)).toBeLessThan(40));
}

describe('ThumbnailCache', () => {
  const tmp = makeTempDir();
  const cacheDir = join(tmp.dir, 'thumbs');
  const thumbs = new ThumbnailCache(cacheDir, SIZE);
  afterAll(tmp.cleanup);

  const thumbnailOf = async (path: string, cache = thumbs) => cache.get(path, await hashFile(path));

  it.each(['jpeg', 'png', 'webp', 'tiff', 'bmp'] as const)(
    'makes a WebP of a %s, longest side = size',
    async (format) => {
      const path = await makeImage(tmp.dir, `big.${format}`, { width: 120, height: 80, format, color: RED });
      const thumb = await thumbnailOf(path);
      expect(thumb.startsWith(cacheDir)).toBe(true);
      expect(await sharp(thumb).metadata()).toMatchObject({ format: 'webp', width: SIZE, height: 21 });
      expectColor(await readPixel(thumb, 10, 10), RED);
    },
  );

  it('never enlarges a small image', async () => {
    const path = await makeImage(tmp.dir, 'small.png', { width: 20, height: 10, format: 'png' });
    expect(await sharp(await thumbnailOf(path)).metadata()).toMatchObject({ width: 20, height: 10 });
  });

  // Where the stored top-left quadrant appears once each EXIF orientation is applied, as [x, y] in a 2x2 grid.
  it.each([
    [1, [0, 0]],
    [2, [1, 0]],
    [3, [1, 1]],
    [4, [0, 1]],
    [5, [0, 0]],
    [6, [1, 0]],
    [7, [1, 1]],
    [8, [0, 1]],
  ] as const)('applies EXIF orientation %i', async (orientation, [qx, qy]) => {
    const spec = {
      width: 64,
      height: 48,
      format: 'jpeg',
      color: RED,
      orientation,
      pattern: 'quadrant',
    } as const;
    const thumb = await thumbnailOf(await makeImage(tmp.dir, `orient-${orientation}.jpg`, spec));
    const { width, height } = await sharp(thumb).metadata();
    expect([width, height]).toEqual(orientation >= 5 ? [24, 32] : [32, 24]);
    for (const [x, y] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]) {
      const pixel = await readPixel(
        thumb,
        Math.round((x! + 0.5) * (width / 2)),
        Math.round((y! + 0.5) * (height / 2)),
      );
      expectColor(pixel, x === qx && y === qy ? WHITE : RED);
    }
  });

  it('generates once: a second call and a new instance reuse the file', async () => {
    const path = await makeImage(tmp.dir, 'once.webp', { width: 50, height: 50, format: 'webp' });
    const first = await thumbnailOf(path);
    const before = statSync(first);
    await new Promise((r) => setTimeout(r, 20));
    const again = await thumbnailOf(path);
    const fromNewInstance = await thumbnailOf(path, new ThumbnailCache(cacheDir, SIZE));
    expect([again, fromNewInstance]).toEqual([first, first]);
    expect(statSync(first)).toMatchObject({ mtimeMs: before.mtimeMs, ino: before.ino });
  });

  it('keeps one thumbnail per size', async () => {
    const path = await makeImage(tmp.dir, 'sizes.png', { width: 300, height: 200, format: 'png' });
    const large = await thumbnailOf(path, new ThumbnailCache(cacheDir, 128));
    expect(large).not.toBe(await thumbnailOf(path));
    expect(await sharp(large).metadata()).toMatchObject({ width: 128 });
  });

  it.each(['jpeg', 'png'] as const)('fails on a truncated %s instead of a grey thumbnail', async (format) => {
    const spec = { width: 640, height: 480, format, texture: true } as const;
    const path = await makeTruncated(await makeImage(tmp.dir, `truncated.${format}`, spec));
    await expect(thumbnailOf(path)).rejects.toMatchObject({
      code: 'unreadable_image',
      message: expect.stringMatching(
        new RegExp(`^truncated\\.${format} cannot be read as an image: .*truncated`),
      ),
    });
  });

  it('fails on a non-image', async () => {
    const path = await makeNonImage(tmp.dir, 'notes.jpg');
    await expect(thumbnailOf(path)).rejects.toMatchObject({ code: 'unreadable_image' });
  });

  it('leaves no file in the cache for a failed image', async () => {
    const dir = join(tmp.dir, 'clean-cache');
    const path = await makeTruncated(
      await makeImage(tmp.dir, 'bad.png', { width: 640, height: 480, format: 'png' }),
    );
    await expect(thumbnailOf(path, new ThumbnailCache(dir, SIZE))).rejects.toThrow();
    expect(() => readdirSync(dir)).toThrow();
  });

  describe('a 30000x30000 PNG', () => {
    let huge: string;
    beforeAll(async () => {
      huge = await makeHugePng(tmp.dir, 'huge.png', 30000, 30000);
    });

    it('is refused with image_too_large before decoding, with bounded memory', async () => {
      const rssBefore = process.memoryUsage().rss;
      await expect(thumbnailOf(huge)).rejects.toMatchObject({
        code: 'image_too_large',
        message: 'huge.png is too large: it has more pixels than the studio decodes (268 MP).',
      });
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200e6);
    });
  });
});
