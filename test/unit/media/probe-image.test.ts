import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImage } from '../../../electron/media/probe-image';
import { encodeBmp, makeHugePng, makeImage, makeNonImage, makeTruncated } from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

const LIMIT = { maxMegapixels: 268 };

describe('probeImage', () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);

  it.each(['jpeg', 'png', 'webp', 'tiff', 'bmp'] as const)('reads the size of a %s', async (format) => {
    const path = await makeImage(tmp.dir, `size.${format}`, { width: 97, height: 41, format });
    const probe = await probeImage(path, LIMIT);
    expect(probe).toEqual({
      width: 97,
      height: 41,
      orientation: 1,
      format,
      sizeBytes: readFileSync(path).length,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    });
  });

  it.each(['jpeg', 'png', 'webp', 'tiff'] as const)(
    'reports a %s as displayed under EXIF orientation',
    async (format) => {
      for (const [orientation, width, height] of [
        [3, 60, 40],
        [6, 40, 60],
        [8, 40, 60],
      ]) {
        const path = await makeImage(tmp.dir, `o${orientation}.${format}`, {
          width: 60,
          height: 40,
          format,
          orientation,
        });
        expect(await probeImage(path, LIMIT)).toMatchObject({ width, height, orientation });
      }
    },
  );

  it('tells the format from the content, not the extension', async () => {
    const path = await makeImage(tmp.dir, 'really-a-png.jpg', { width: 8, height: 8, format: 'png' });
    expect(await probeImage(path, LIMIT)).toMatchObject({ format: 'png', width: 8 });
  });

  it('reads a top-down 32-bit BMP', async () => {
    const path = join(tmp.dir, 'top-down.bmp');
    writeFileSync(path, encodeBmp(Buffer.alloc(5 * 3 * 3), 5, 3, { bitsPerPixel: 32, topDown: true }));
    expect(await probeImage(path, LIMIT)).toMatchObject({ width: 5, height: 3, format: 'bmp' });
  });

  it.each([
    [
      'a text file named .jpg',
      (dir: string) => makeNonImage(dir, 'notes.jpg'),
      /notes\.jpg .*not a JPEG, PNG/,
    ],
    [
      'an empty file',
      (dir: string) => makeNonImage(dir, 'empty.png').then(empty),
      /empty\.png .*file is empty/,
    ],
    [
      'a PNG cut inside its header',
      (dir: string) => makeImage(dir, 'cut.png', { width: 8, height: 8, format: 'png' }).then(cutTo(20)),
      /cut\.png cannot be read as an image/,
    ],
    ['a folder named .jpg', (dir: string) => folder(join(dir, 'album.jpg')), /album\.jpg is a folder/],
  ])('refuses %s as unreadable_image', async (_, make, message) => {
    await expect(probeImage(await make(tmp.dir), LIMIT)).rejects.toMatchObject({
      code: 'unreadable_image',
      message,
    });
  });

  it('reads a truncated JPEG header (the pixels are checked when decoding)', async () => {
    const path = await makeImage(tmp.dir, 'trunc.jpg', {
      width: 640,
      height: 480,
      format: 'jpeg',
      texture: true,
    });
    await makeTruncated(path);
    expect(await probeImage(path, LIMIT)).toMatchObject({ width: 640, height: 480 });
  });

  it('names a missing file', async () => {
    await expect(probeImage(join(tmp.dir, 'gone.png'), LIMIT)).rejects.toMatchObject({ code: 'not_found' });
  });

  describe('a 30000x30000 PNG', () => {
    let huge: string;
    beforeAll(async () => {
      huge = await makeHugePng(tmp.dir, 'huge.png', 30000, 30000);
    });

    it('is refused with image_too_large without decoding it', async () => {
      const rssBefore = process.memoryUsage().rss;
      await expect(probeImage(huge, LIMIT)).rejects.toMatchObject({
        code: 'image_too_large',
        message: 'huge.png is 30000x30000 (900 MP); the limit is 268 MP.',
      });
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200e6);
    });

    it('is accepted under a high enough limit', async () => {
      expect(await probeImage(huge, { maxMegapixels: 1000 })).toMatchObject({ width: 30000, height: 30000 });
    });
  });

  it('makes valid streamed PNGs', async () => {
    const path = await makeHugePng(tmp.dir, 'streamed.png', 300, 200);
    const sharp = (await import('sharp')).default;
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 300, height: 200 });
    expect(data.every((v) => v === 0)).toBe(true);
  });
});

async function folder(path: string) {
  mkdirSync(path);
  return path;
}

function empty(path: string): string {
  writeFileSync(path, '');
  return path;
}

function cutTo(bytes: number) {
  return (path: string) => {
    writeFileSync(path, readFileSync(path).subarray(0, bytes));
    return path;
  };
}
