// A small BMP decoder: libvips (sharp) cannot read BMP and no decoder package is installed. It covers what
// cameras, scanners and screenshot tools write: uncompressed 24-bit and 32-bit (BI_RGB or BI_BITFIELDS).
// Palette, 16-bit and RLE-compressed files are refused with a reason rather than decoded wrongly.

/** Bytes that hold every header variant (14-byte file header + up to the 124-byte BITMAPV5HEADER). */
export const BMP_HEADER_BYTES = 138;

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

/** A BMP the decoder cannot read; the message completes "… cannot be read as an image: ". */
export class BmpError extends Error {}

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  compression: number;
  /** Rows stored from the top (negative height in the header) instead of from the bottom. */
  topDown: boolean;
  dataOffset: number;
  /** Red, green, blue and alpha masks of a 32-bit pixel (alpha 0 when the file has none). */
  masks: [number, number, number, number];
}

const DEFAULT_32BIT_MASKS: BmpHeader['masks'] = [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000];

/** Reads the size and layout from the first bytes of a BMP, without touching its pixels. */
export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 26) throw new BmpError('its header is cut short');
  const dibSize = buf.readUInt32LE(14);
  const header = dibSize === 12 ? readCoreHeader(buf) : readInfoHeader(buf, dibSize);
  if (header.width <= 0 || header.height === 0) throw new BmpError('its header gives no size');
  return header;
}

/** BITMAPCOREHEADER (OS/2 1.x): 16-bit unsigned sizes, always bottom-up and uncompressed. */
function readCoreHeader(buf: Buffer): BmpHeader {
  return {
    width: buf.readUInt16LE(18),
    height: buf.readUInt16LE(20),
    bitsPerPixel: buf.readUInt16LE(24),
    compression: BI_RGB,
    topDown: false,
    dataOffset: buf.readUInt32LE(10),
    masks: DEFAULT_32BIT_MASKS,
  };
}

/** BITMAPINFOHEADER (40 bytes) and its larger V2..V5 successors, which start the same way. */
function readInfoHeader(buf: Buffer, dibSize: number): BmpHeader {
  if (dibSize < 40) throw new BmpError(`its ${dibSize}-byte header is of an unknown kind`);
  if (buf.length < 14 + 40) throw new BmpError('its header is cut short');
  const height = buf.readInt32LE(22);
  const compression = buf.readUInt32LE(30);
  let masks = DEFAULT_32BIT_MASKS;
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // The masks follow the 40-byte header, or sit inside the larger headers: at offset 54 either way.
    if (buf.length < 70) throw new BmpError('its header is cut short');
    const hasAlpha = dibSize >= 56 || compression === BI_ALPHABITFIELDS;
    masks = [
      buf.readUInt32LE(54),
      buf.readUInt32LE(58),
      buf.readUInt32LE(62),
      hasAlpha ? buf.readUInt32LE(66) : 0,
    ];
  }
  return {
    width: buf.readInt32LE(18),
    height: Math.abs(height),
    bitsPerPixel: buf.readUInt16LE(28),
    compression,
    topDown: height < 0,
    dataOffset: buf.readUInt32LE(10),
    masks,
  };
}

export interface DecodedBmp {
  /** Pixels row by row from the top: RGB for 24-bit files, RGBA for 32-bit ones. */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Decodes a whole BMP file. */
export function decodeBmp(file: Uint8Array): DecodedBmp {
  const header = readBmpHeader(file);
  const { width, height, bitsPerPixel, compression } = header;
  const uncompressed = [BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS].includes(compression);
  const supported = bitsPerPixel === 32 ? uncompressed : bitsPerPixel === 24 && compression === BI_RGB;
  if (!supported) {
    const kind = uncompressed ? `${bitsPerPixel}-bit` : 'compressed';
    throw new BmpError(`it is a ${kind} BMP; the studio reads uncompressed 24- and 32-bit BMP only`);
  }
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  if (header.dataOffset + stride * height > file.length) throw new BmpError('the file is truncated');
  const rows = Buffer.from(file.buffer, file.byteOffset + header.dataOffset, stride * height);
  const rowAt = (y: number) => (header.topDown ? y : height - 1 - y) * stride;
  return bitsPerPixel === 24
    ? { data: decode24(rows, width, height, rowAt), width, height, channels: 3 }
    : { data: decode32(rows, width, height, rowAt, header.masks), width, height, channels: 4 };
}

function decode24(rows: Buffer, width: number, height: number, rowAt: (y: number) => number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0, i = rowAt(y); x < width; x++, i += 3, o += 3) {
      out[o] = rows[i + 2]!;
      out[o + 1] = rows[i + 1]!;
      out[o + 2] = rows[i]!;
    }
  }
  return out;
}

function decode32(
  rows: Buffer,
  width: number,
  height: number,
  rowAt: (y: number) => number,
  masks: BmpHeader['masks'],
): Buffer {
  const channels = masks.map(maskReader);
  const out = Buffer.alloc(width * height * 4);
  let anyAlpha = false;
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0, i = rowAt(y); x < width; x++, i += 4, o += 4) {
      const pixel = rows.readUInt32LE(i);
      for (let c = 0; c < 4; c++) out[o + c] = channels[c]!(pixel);
      anyAlpha ||= out[o + 3] !== 0;
    }
  }
  // Many writers leave the fourth byte at 0 meaning "unused", not "transparent" (browsers read it so too).
  if (!anyAlpha) for (let o = 3; o < out.length; o += 4) out[o] = 255;
  return out;
}

/** Extracts one channel selected by a bit mask and scales it to 0..255. */
function maskReader(mask: number): (pixel: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = (mask >>> shift) >>> 0; // contiguous ones: the largest value the channel can hold
  return (pixel) => Math.round((((pixel & mask) >>> shift) * 255) / max);
}
