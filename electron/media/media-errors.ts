import { basename } from 'node:path';
import { StudioError } from '../../shared/errors';
import { BmpError } from './bmp';

// Messages are shown to people as they are: each names the file and says what is wrong with it.

/** A failed read of a file the user pointed us at. */
export function fileError(path: string, err: unknown): StudioError {
  if (err instanceof StudioError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new StudioError('not_found', `No file at ${path}.`);
  if (code === 'EISDIR') return new StudioError('unreadable_image', `${path} is a folder, not an image.`);
  return new StudioError('io_error', `Cannot read ${path} (${code ?? firstLine(err)}).`);
}

export function unreadableImage(path: string, why: string): StudioError {
  return new StudioError('unreadable_image', `${basename(path)} cannot be read as an image: ${why}.`);
}

export function imageTooLarge(path: string, width: number, height: number, maxMegapixels: number) {
  const size = `${width}x${height} (${formatMegapixels(width * height)} MP)`;
  return new StudioError(
    'image_too_large',
    `${basename(path)} is ${size}; the limit is ${maxMegapixels} MP.`,
  );
}

/** A sharp (libvips) failure while reading `path`, decoded under a limit of `maxMegapixels` if one was set. */
export function decodeError(path: string, err: unknown, maxMegapixels?: number): StudioError {
  if (err instanceof StudioError) return err;
  if (err instanceof BmpError) return unreadableImage(path, err.message);
  const message = firstLine(err);
  if (/pixel limit/i.test(message)) {
    const limit = maxMegapixels === undefined ? '' : ` (${maxMegapixels} MP)`;
    const why = `it has more pixels than the studio decodes${limit}`;
    return new StudioError('image_too_large', `${basename(path)} is too large: ${why}.`);
  }
  if (/input file is missing/i.test(message)) return new StudioError('not_found', `No file at ${path}.`);
  return unreadableImage(path, `the file is truncated or corrupt (${message})`);
}

function formatMegapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return mp >= 10 ? String(Math.round(mp)) : String(Math.round(mp * 10) / 10);
}

// libvips repeats its complaint once per failed scanline; the first line says it all.
function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}
