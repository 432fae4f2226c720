// Places an export's images: copied, hard-linked or symlinked, or, for the region-drawn template, drawn on.
import { copyFile, link, symlink } from 'node:fs/promises';
import sharp from 'sharp';
import { StudioError } from '../../shared/errors';
import { DiskQueue } from './disk-queue';

export type ImagePlacement = 'copy' | 'hardlink' | 'symlink';

/** Copies or links images into the export a few at a time (see ./disk-queue). */
export class ImagePlacer {
  private readonly queue: DiskQueue;

  constructor(
    private readonly how: ImagePlacement,
    concurrency = 16,
  ) {
    this.queue = new DiskQueue(concurrency);
  }

  add(
    source: string,
    dest: string,
    place: (source: string, dest: string) => Promise<void> = this.place,
  ): Promise<void> {
    return this.queue.add(dest, () => place.call(this, source, dest));
  }

  finish(): Promise<void> {
    return this.queue.finish();
  }

  /** Waits for the placements under way (before the temp folder is removed on a failure). */
  settle(): Promise<void> {
    return this.queue.settle();
  }

  private async place(source: string, dest: string): Promise<void> {
    try {
      if (this.how === 'symlink') return await symlink(source, dest);
      if (this.how === 'hardlink') {
        try {
          return await link(source, dest);
        } catch (err) {
          // Another filesystem, one without links, or a file at its link limit: a copy is what the user gets.
          if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'].includes((err as NodeJS.ErrnoException).code ?? ''))
            throw err;
        }
      }
      await copyFile(source, dest);
    } catch (err) {
      throw new StudioError('io_error', `Could not place ${source} in the export: ${(err as Error).message}`);
    }
  }
}

/** A copy of the image, turned upright (its size as the project shows it), with the box drawn in red. */
export async function drawRegion(
  source: string,
  dest: string,
  [width, height]: [number, number],
  [x1, y1, x2, y2]: [number, number, number, number],
): Promise<void> {
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 200));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="#ff0000" ` +
    `stroke-width="${stroke}"/></svg>`;
  await sharp(source)
    .rotate()
    .composite([{ input: Buffer.from(svg) }])
    .toFile(dest);
}
