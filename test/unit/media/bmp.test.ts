import { describe, expect, it } from 'vitest';
import { BmpError, decodeBmp, readBmpHeader } from '../../../electron/media/bmp';
import { encodeBmp } from '../../helpers/images';

// 3x2 pixels (an odd width, so 24-bit rows carry padding): distinct colours to catch swapped channels or rows.
const WIDTH = 3;
const HEIGHT = 2;
const RGB = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
const withAlpha = (rgb: Buffer) =>
  Buffer.from(
    Array.from({ length: rgb.length / 3 }, (_, i) => [...rgb.subarray(i * 3, i * 3 + 3), 255]).flat(),
  );

describe('BMP decoder', () => {
  it.each([
    { bitsPerPixel: 24, topDown: false, expected: RGB },
    { bitsPerPixel: 24, topDown: true, expected: RGB },
    { bitsPerPixel: 32, topDown: false, expected: withAlpha(RGB) },
    { bitsPerPixel: 32, topDown: true, expected: withAlpha(RGB) },
  ] as const)('decodes $bitsPerPixel-bit, top-down $topDown', ({ bitsPerPixel, topDown, expected }) => {
    const file = encodeBmp(RGB, WIDTH, HEIGHT, { bitsPerPixel, topDown });
    expect(readBmpHeader(file)).toMatchObject({ width: WIDTH, height: HEIGHT, bitsPerPixel, topDown });
    const decoded = decodeBmp(file);
    expect(decoded).toMatchObject({ width: WIDTH, height: HEIGHT, channels: bitsPerPixel / 8 });
    expect([...decoded.data]).toEqual([...expected]);
  });

  it('keeps a real alpha channel of 32-bit pixels', () => {
    const file = encodeBmp(RGB, WIDTH, HEIGHT, { bitsPerPixel: 32 });
    file[54 + 3] = 128; // alpha of the first stored pixel: bottom row (bottom-up), first column
    const { data } = decodeBmp(file);
    expect(data[(1 * WIDTH + 0) * 4 + 3]).toBe(128);
    expect(data[3]).toBe(255);
  });

  it('reads BI_BITFIELDS masks', () => {
    // One pixel, 32-bit, masks laid out as RGBA in memory order (R in the lowest byte).
    const file = encodeBmp(Buffer.from([0, 0, 0]), 1, 1, { bitsPerPixel: 32 });
    const withMasks = Buffer.concat([file.subarray(0, 54), Buffer.alloc(16), file.subarray(54)]);
    withMasks.writeUInt32LE(54 + 16, 10);
    withMasks.writeUInt32LE(3, 30); // BI_BITFIELDS
    [0x000000ff, 0x0000ff00, 0x00ff0000].forEach((mask, i) => withMasks.writeUInt32LE(mask, 54 + 4 * i));
    withMasks.set([11, 22, 33, 0], 70);
    expect([...decodeBmp(withMasks).data]).toEqual([11, 22, 33, 255]);
  });

  it.each([
    ['an 8-bit file', (f: Buffer) => f.fill(8, 28, 29), /8-bit BMP/],
    ['an RLE file', (f: Buffer) => f.fill(1, 30, 31), /compressed BMP/],
    ['a truncated file', (f: Buffer) => f.subarray(0, 60), /truncated/],
    ['a cut header', (f: Buffer) => f.subarray(0, 20), /header is cut short/],
    ['a zero size', (f: Buffer) => f.fill(0, 18, 22), /no size/],
  ])('refuses %s with a reason', (_, spoil, reason) => {
    const bytes = spoil(encodeBmp(RGB, WIDTH, HEIGHT));
    expect(() => decodeBmp(bytes)).toThrow(BmpError);
    expect(() => decodeBmp(bytes)).toThrow(reason);
  });
});
