import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../../electron/media/hash-file';
import { readImage } from '../../../electron/media/read-image';
import {
  makeImage,
  makeNonImage,
  makeTruncated,
  readPixel,
  WHITE,
  type FixtureFormat,
} from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

describe('readImage', () => {
  const tmp = makeTempDir();
  const cacheDir = join(tmp.dir, 'cache');
  afterAll(tmp.cleanup);

  const read = async (path: string) => readImage(path, await hashFile(path), cacheDir);
  const make = (name: string, format: FixtureFormat, orientation?: number) =>
    makeImage(tmp.dir, name, {
      width: 60,
      height: 40,
      format,
      orientation,
      pattern: 'quadrant',
      color: [0, 0, 200],
    });

  it.each([
    ['jpeg', 6, 'image/jpeg'],
    ['jpeg', undefined, 'image/jpeg'],
    ['png', undefined, 'image/png'],
    ['webp', 1, 'image/webp'],
  ] as const)('serves a %s with orientation %s as the original file', async (format, orientation, mime) => {
    const path = await make(`as-is-${orientation}.${format}`, format, orientation);
    expect(await read(path)).toEqual({ mime, path });
  });

  // Browsers turn JPEGs by their EXIF orientation, but not reliably PNG or WebP: those are turned here.
  it.each([
    ['tiff', 6, [40, 60]],
    ['tiff', 1, [60, 40]],
    ['bmp', undefined, [60, 40]],
    ['png', 6, [40, 60]],
    ['webp', 6, [40, 60]],
  ] as const)(
    'converts a %s (orientation %s) to a cached PNG as displayed',
    async (format, orientation, size) => {
      const path = await make(`convert-${orientation}.${format}`, format, orientation);
      const served = await read(path);
      expect(served.mime).toBe('image/png');
      expect(served.path.startsWith(cacheDir)).toBe(true);
      const { width, height } = await sharp(served.path).metadata();
      expect([width, height]).toEqual(size);
      // The white quadrant, stored top-left, is shown top-right after a quarter turn (orientation 6).
      const corner = orientation === 6 ? [width - 5, 5] : [5, 5];
      expect(await readPixel(served.path, corner[0]!, corner[1]!)).toEqual(WHITE);
    },
  );

  it('converts once', async () => {
    const path = await make('once.tif', 'tiff');
    const first = await read(path);
    const { mtimeMs } = statSync(first.path);
    await new Promise((r) => setTimeout(r, 20));
    expect(await read(path)).toEqual(first);
    expect(statSync(first.path).mtimeMs).toBe(mtimeMs);
  });

  it('refuses a non-image and a corrupt TIFF with unreadable_image', async () => {
    await expect(read(await makeNonImage(tmp.dir, 'fake.tif'))).rejects.toMatchObject({
      code: 'unreadable_image',
    });
    const big = await makeImage(tmp.dir, 'cut.tif', {
      width: 300,
      height: 300,
      format: 'tiff',
      texture: true,
    });
    await expect(read(await makeTruncated(big))).rejects.toMatchObject({ code: 'unreadable_image' });
  });

  it('names a missing file', async () => {
    const path = join(tmp.dir, 'gone.jpg');
    await expect(readImage(path, 'a'.repeat(64), cacheDir)).rejects.toMatchObject({ code: 'not_found' });
  });
});
