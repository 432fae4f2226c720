// Real image files for tests and benchmarks, generated on the fly (no binary fixtures in the repo).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createDeflate, crc32 } from 'node:zlib';
import sharp from 'sharp';

export type FixtureFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'bmp';
export type Rgb = [number, number, number];

export interface ImageSpec {
  width: number;
  height: number;
  format: FixtureFormat;
  /** Background colour; default mid grey. */
  color?: Rgb;
  /** EXIF orientation tag (1..8) written into the file; the pixels stay as given (not BMP: it has no EXIF). */
  orientation?: number;
  /** EXIF DateTimeOriginal written into the file ("2024:05:06 07:08:09"); not BMP. */
  captured?: string;
  /**
   * 'solid' (default): the background colour only.
   * 'quadrant': the top-left quadrant (as stored) is white, to check where orientation moves it.
   * a number: a block pattern encoding it, so images made with different numbers have different content.
   */
  pattern?: 'solid' | 'quadrant' | number;
  /** Adds gradients and grain so file sizes and decode times resemble real photos. */
  texture?: boolean;
}

export const WHITE: Rgb = [255, 255, 255];
const GREY: Rgb = [128, 128, 128];

/** Writes a real image file `dir/name` and returns its path. */
export async function makeImage(dir: string, name: string, spec: ImageSpec): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  const pixels = drawPixels(spec);
  if (spec.format === 'bmp') {
    if (spec.orientation !== undefined) throw new Error('BMP files have no EXIF orientation');
    await writeFile(path, encodeBmp(pixels, spec.width, spec.height));
    return path;
  }
  let image = sharp(pixels, { raw: { width: spec.width, height: spec.height, channels: 3 } });
  if (spec.orientation !== undefined) image = image.withMetadata({ orientation: spec.orientation });
  if (spec.captured !== undefined) image = image.withExif({ IFD2: { DateTimeOriginal: spec.captured } });
  await image.toFormat(spec.format).toFile(path);
  return path;
}

/** RGB pixels, row by row from the top. */
function drawPixels({ width, height, color = GREY, pattern = 'solid', texture = false }: ImageSpec): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  const waveX = Array.from({ length: width }, (_, x) => Math.sin((6 * x) / width));
  const waveY = Array.from({ length: height }, (_, y) => Math.cos((4 * y) / height));
  let seed = 0x9e3779b9;
  for (let y = 0, at = 0; y < height; y++) {
    for (let x = 0; x < width; x++, at += 3) {
      const rgb = pattern === 'quadrant' && x < width / 2 && y < height / 2 ? WHITE : color;
      let shade = 0;
      if (texture) {
        // A smooth gradient plus xorshift grain: entropy like a photo's, so encoded sizes are realistic.
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        shade = Math.round(40 * waveX[x]! * waveY[y]!) + (seed & 31) - 16;
      }
      pixels[at] = clampByte(rgb[0] + shade);
      pixels[at + 1] = clampByte(rgb[1] + shade);
      pixels[at + 2] = clampByte(rgb[2] + shade);
    }
  }
  if (typeof pattern === 'number') drawNumber(pixels, width, height, pattern);
  return pixels;
}

/** The number's 16 low bits as a 4x4 grid of white (1) and black (0) blocks in the top-left corner. */
function drawNumber(pixels: Buffer, width: number, height: number, n: number): void {
  const block = Math.max(1, Math.floor(Math.min(width, height) / 8));
  for (let y = 0; y < Math.min(4 * block, height); y++) {
    for (let x = 0; x < Math.min(4 * block, width); x++) {
      const bit = Math.floor(y / block) * 4 + Math.floor(x / block);
      const at = (y * width + x) * 3;
      pixels.fill((n >> bit) & 1 ? 255 : 0, at, at + 3);
    }
  }
}

const clampByte = (v: number) => Math.max(0, Math.min(255, v));

export interface BmpOptions {
  /** 24 (BGR) or 32 (BGRA with alpha 255); default 24. */
  bitsPerPixel?: 24 | 32;
  /** Rows stored top first (negative height) instead of the usual bottom first. */
  topDown?: boolean;
}

/** An uncompressed BMP (BITMAPINFOHEADER, BI_RGB) from RGB pixels: sharp cannot write BMP. */
export function encodeBmp(rgb: Buffer, width: number, height: number, options: BmpOptions = {}): Buffer {
  const { bitsPerPixel = 24, topDown = false } = options;
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const headerSize = 14 + 40;
  const file = Buffer.alloc(headerSize + stride * height);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(headerSize, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(topDown ? -height : height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bitsPerPixel, 28);
  file.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y++) {
    const row = headerSize + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3;
      const dst = row + x * bytesPerPixel;
      file[dst] = rgb[src + 2]!;
      file[dst + 1] = rgb[src + 1]!;
      file[dst + 2] = rgb[src]!;
      if (bytesPerPixel === 4) file[dst + 3] = 255;
    }
  }
  return file;
}

/** Cuts a file to its first half in place (a real image with its header intact but its data truncated). */
export async function makeTruncated(path: string): Promise<string> {
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, bytes.length >> 1));
  return path;
}

/** A text file with an image name. */
export async function makeNonImage(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'These are my notes, not a photo.\n');
  return path;
}

/** One PNG chunk: its length, type, data and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A valid all-black greyscale PNG of any size, streamed: rows of zeros go through deflate chunk by chunk, so a
 * 30000x30000 image (900 MP) is written with constant memory, in about a second, as a 4 MB file.
 */
export async function makeHugePng(dir: string, name: string, width: number, height: number): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const writeChunk = async (type: string, data: Buffer) => {
    if (!out.write(pngChunk(type, data))) await once(out, 'drain');
  };
  out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale; compression, filter and interlace stay 0
  await writeChunk('IHDR', ihdr);

  const deflate = createDeflate({ level: 1 });
  const idat = (async () => {
    for await (const data of deflate) await writeChunk('IDAT', data as Buffer);
  })();
  const row = Buffer.alloc(width + 1); // filter byte 0, then the pixels
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await once(deflate, 'drain');
  }
  deflate.end();
  await idat;
  await writeChunk('IEND', Buffer.alloc(0));
  out.end();
  await once(out, 'finish');
  return path;
}

export interface FolderOptions {
  width?: number;
  height?: number;
  format?: FixtureFormat;
  /** Images per subfolder; default 5. */
  perFolder?: number;
  texture?: boolean;
}

const FOLDER_WRITERS = 2;

/**
 * `n` images with distinct content (up to 65,536) in nested subfolders: set-00/img-0000.jpg, ...
 * Returns their paths in the order a sorted folder scan finds them.
 */
export async function makeFolderOfImages(
  dir: string,
  n: number,
  options: FolderOptions = {},
): Promise<string[]> {
  const { width = 64, height = 48, format = 'jpeg', perFolder = 5, texture = false } = options;
  const ext = format === 'jpeg' ? 'jpg' : format;
  const names = Array.from({ length: n }, (_, i) => {
    const folder = `set-${String(Math.floor(i / perFolder)).padStart(2, '0')}`;
    return join(folder, `img-${String(i).padStart(4, '0')}.${ext}`);
  });
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < n; i = next++) {
      const color: Rgb = [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256];
      await makeImage(dir, names[i]!, { width, height, format, color, pattern: i, texture });
    }
  };
  await Promise.all(Array.from({ length: FOLDER_WRITERS }, writer));
  return names.map((name) => join(dir, name));
}

/** The RGB colour of one pixel of an image file (as stored: for thumbnails and converted images, as shown). */
export async function readPixel(path: string, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
