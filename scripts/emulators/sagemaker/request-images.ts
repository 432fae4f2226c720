// Containers receive images as base64 bytes; the local engines read files (EngineImage.path). Each distinct
// image is written once into the emulator's folder under its content hash, so repeated clicks on one image
// reuse the engines' per-image caches (keyed by sha256) as a warm endpoint would.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { EngineImage } from '../../../electron/inference/segmenter';
import { ContainerError } from './container';

const FORMATS = new Set(['jpeg', 'png', 'webp']);

export class RequestImages {
  constructor(private readonly dir: string) {}

  async fromBase64(base64: string): Promise<EngineImage> {
    const bytes = Buffer.from(base64, 'base64');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let meta;
    try {
      meta = await sharp(bytes).metadata();
    } catch {
      throw new ContainerError(400, 'The image is not a readable JPEG, PNG or WebP file.');
    }
    if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height)
      throw new ContainerError(400, `The image format '${meta.format}' is not JPEG, PNG or WebP.`);
    const path = join(this.dir, `${sha256}.${meta.format}`);
    if (!existsSync(path)) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(path, bytes);
    }
    // The engines apply EXIF orientation; clients send upright images, so this matters only for stray files.
    const turned = (meta.orientation ?? 1) >= 5;
    return {
      sha256,
      path,
      width: turned ? meta.height : meta.width,
      height: turned ? meta.width : meta.height,
    };
  }
}
