// The capture time of a photo from its EXIF block: sharp-written files (little-endian TIFF), a hand-built
// big-endian block, and blocks with no date, a zero date or cut short.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifCaptureTime } from '../../../electron/media/capture-time';

const exifOf = async (exif: Record<string, Record<string, string>>) =>
  (
    await sharp(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } })
        .jpeg()
        .withExif(exif)
        .toBuffer(),
    ).metadata()
  ).exif!;

/** A big-endian TIFF whose IFD0 holds only DateTime (tag 0x0132). */
function bigEndianDateTime(text: string): Uint8Array {
  const value = Buffer.from(`${text}\0`, 'latin1');
  const b = Buffer.alloc(8 + 2 + 12 + 4 + value.length);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4);
  b.writeUInt16BE(1, 8);
  b.writeUInt16BE(0x0132, 10);
  b.writeUInt16BE(2, 12);
  b.writeUInt32BE(value.length, 14);
  b.writeUInt32BE(26, 18);
  value.copy(b, 26);
  return b;
}

describe('capture time from EXIF', () => {
  it.each([
    ['DateTimeOriginal', { IFD2: { DateTimeOriginal: '2024:05:06 07:08:09' } }, '2024-05-06T07:08:09'],
    [
      'DateTimeOriginal before IFD0 DateTime',
      { IFD0: { DateTime: '2030:01:01 00:00:00' }, IFD2: { DateTimeOriginal: '2024:05:06 07:08:09' } },
      '2024-05-06T07:08:09',
    ],
    ['IFD0 DateTime alone', { IFD0: { DateTime: '2021:12:31 23:59:58' } }, '2021-12-31T23:59:58'],
    ['no date', { IFD0: { Make: 'Camera' } }, null],
    ['a zero date', { IFD2: { DateTimeOriginal: '0000:00:00 00:00:00' } }, null],
  ])('%s', async (_, exif, expected) => {
    expect(exifCaptureTime(await exifOf(exif))).toBe(expected);
  });

  it('reads a big-endian block, with or without the Exif header', () => {
    const tiff = bigEndianDateTime('2019:03:04 05:06:07');
    expect(exifCaptureTime(tiff)).toBe('2019-03-04T05:06:07');
    expect(exifCaptureTime(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]))).toBe(
      '2019-03-04T05:06:07',
    );
  });

  it('gives null for a block cut short or not TIFF at all', async () => {
    const whole = await exifOf({ IFD2: { DateTimeOriginal: '2024:05:06 07:08:09' } });
    for (const cut of [0, 4, 10, 20, 40, whole.length - 10])
      expect(exifCaptureTime(whole.subarray(0, cut))).toBeNull();
    expect(exifCaptureTime(Buffer.from('not an exif block at all', 'latin1'))).toBeNull();
  });
});
