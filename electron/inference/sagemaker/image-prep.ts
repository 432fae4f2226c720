// The image as an endpoint receives it: the file's own bytes when they already fit (JPEG/PNG, upright, longest
// side within `maxSide`, under the byte budget) so the common case costs one file read; otherwise decoded
// upright, shrunk to `maxSide` and re-encoded as JPEG, lowering the quality and then the size until the base64
// fits SageMaker's 6 MB payload beside the rest of the JSON.
import { readFile } from 'node:fs/promises';
import { fitWithin, imageByteBudget } from '../../../shared/endpoints/payload';
import { StudioError } from '../../../shared/errors';
import { convertImage } from '../../media/convert-image';
import { readImageHead } from '../../media/image-head';
import { readStoredHeader } from '../../media/probe-image';
import type { EngineImage } from '../segmenter';

/**
 * SAM resizes to 1024 on its longest side itself and Grounding DINO to about 1333: 2048 lets the usual driving
 * frames (1280x720, 1242x375, 1600x900) travel untouched while bounding what a 50 MP photo costs to send.
 */
export const DEFAULT_MAX_SIDE = 2048;
const QUALITIES = [90, 80, 70];
const SHRINK = 0.75;

export interface PreparedImage {
  base64: string;
  /** Size of the image sent: masks come back at this size. */
  width: number;
  height: number;
  /** Whether the file went as it is (no decode, no re-encode). */
  original: boolean;
}

export interface ImagePrepOptions {
  maxSide?: number;
  /** JSON bytes besides the image (prompts, previous mask). */
  otherJsonBytes?: number;
  maxMegapixels?: number;
}

export async function prepareImage(
  image: EngineImage,
  options: ImagePrepOptions = {},
): Promise<PreparedImage> {
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  const budget = imageByteBudget(options.otherJsonBytes ?? 0);
  const head = await readImageHead(image.path);
  const stored = await readStoredHeader(image.path, head);
  const upright = stored.orientation === 1 && stored.width === image.width && stored.height === image.height;
  if (
    (head.format === 'jpeg' || head.format === 'png') &&
    upright &&
    Math.max(image.width, image.height) <= maxSide &&
    head.sizeBytes <= budget
  ) {
    const bytes = await readFile(image.path);
    return { base64: bytes.toString('base64'), width: image.width, height: image.height, original: true };
  }
  let size = fitWithin(image.width, image.height, maxSide);
  for (;;) {
    for (const quality of QUALITIES) {
      const bytes = await convertImage(
        image.path,
        (img) => img.resize(size.width, size.height, { fit: 'fill' }).jpeg({ quality, mozjpeg: false }),
        options.maxMegapixels,
      );
      if (bytes.length <= budget)
        return { base64: bytes.toString('base64'), width: size.width, height: size.height, original: false };
    }
    if (size.width <= 64 && size.height <= 64)
      throw new StudioError(
        'image_too_large',
        `${image.path} does not fit the endpoint's 6 MB payload even at ${size.width}x${size.height}.`,
      );
    size = fitWithin(size.width, size.height, Math.floor(Math.max(size.width, size.height) * SHRINK));
  }
}

/** The last few prepared images by content hash: clicks on one image re-send the same bytes without work. */
export class PreparedImages {
  private readonly entries = new Map<string, Promise<PreparedImage>>();
  constructor(
    private readonly options: Omit<ImagePrepOptions, 'otherJsonBytes'>,
    private readonly capacity = 4,
  ) {}

  get(image: EngineImage): Promise<PreparedImage> {
    let entry = this.entries.get(image.sha256);
    if (entry) this.entries.delete(image.sha256);
    entry ??= prepareImage(image, this.options);
    entry.catch(() => this.entries.delete(image.sha256));
    this.entries.set(image.sha256, entry);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(key);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
