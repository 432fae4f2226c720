import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../../../electron/inference/sagemaker/image-prep';
import type { EngineImage } from '../../../electron/inference/segmenter';
import { imageByteBudget, JSON_MARGIN, SAGEMAKER_PAYLOAD_LIMIT } from '../../../shared/endpoints/payload';
import { makeImage, type ImageSpec } from '../../helpers/images';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir('vps-image-prep-');
afterAll(() => tmp.cleanup());

async function engineImage(name: string, spec: ImageSpec): Promise<EngineImage> {
  const path = await makeImage(tmp.dir, name, spec);
  const turned = (spec.orientation ?? 1) >= 5;
  return {
    sha256: '0'.repeat(64),
    path,
    width: turned ? spec.height : spec.width,
    height: turned ? spec.width : spec.height,
  };
}

const decode = async (base64: string) => {
  const { data, info } = await sharp(Buffer.from(base64, 'base64'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, info };
};

describe('image prep for endpoints', () => {
  it('sends an upright JPEG that fits as it is, byte for byte', async () => {
    const image = await engineImage('frame.jpg', { width: 1280, height: 720, format: 'jpeg', texture: true });
    const sent = await prepareImage(image);
    expect(sent).toMatchObject({ original: true, width: 1280, height: 720 });
    expect(Buffer.from(sent.base64, 'base64').equals(readFileSync(image.path))).toBe(true);
  });

  it('shrinks an image over maxSide, keeping its aspect', async () => {
    const image = await engineImage('big.png', { width: 1600, height: 900, format: 'png', texture: true });
    const sent = await prepareImage(image, { maxSide: 1024 });
    expect(sent).toMatchObject({ original: false, width: 1024, height: 576 });
    const { info } = await decode(sent.base64);
    expect([info.width, info.height, info.format]).toEqual([1024, 576, 'raw']);
  });

  it('turns an EXIF-rotated photo upright before sending (endpoints ignore EXIF)', async () => {
    // Stored 400x300 with the top-left quadrant white; orientation 6 shows it turned a quarter clockwise.
    const image = await engineImage('turned.jpg', {
      width: 400,
      height: 300,
      format: 'jpeg',
      orientation: 6,
      pattern: 'quadrant',
    });
    const sent = await prepareImage(image);
    expect(sent).toMatchObject({ original: false, width: 300, height: 400 });
    const { data, info } = await decode(sent.base64);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    // The white quadrant is now top-right, as the studio displays it.
    expect(at(280, 20)).toBeGreaterThan(200);
    expect(at(20, 20)).toBeLessThan(160);
  });

  it('re-encodes formats endpoints may not read (WebP) even when small', async () => {
    const image = await engineImage('small.webp', { width: 64, height: 48, format: 'webp' });
    const sent = await prepareImage(image);
    expect(sent.original).toBe(false);
    expect((await sharp(Buffer.from(sent.base64, 'base64')).metadata()).format).toBe('jpeg');
  });

  it('lowers quality, then size, until the base64 fits beside the rest of the JSON', async () => {
    const image = await engineImage('noisy.png', { width: 1200, height: 800, format: 'png', texture: true });
    const otherJsonBytes = SAGEMAKER_PAYLOAD_LIMIT - JSON_MARGIN - 40_000;
    const budget = imageByteBudget(otherJsonBytes);
    const sent = await prepareImage(image, { otherJsonBytes });
    const bytes = Buffer.from(sent.base64, 'base64').length;
    expect(bytes).toBeLessThanOrEqual(budget);
    expect(sent.width).toBeLessThan(1200);
    expect(Math.abs(sent.width / sent.height - 1.5)).toBeLessThan(0.01);
  });
});
