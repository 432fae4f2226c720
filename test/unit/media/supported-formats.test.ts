import { describe, expect, it } from 'vitest';
import { isSupportedImagePath, sniffImageFormat } from '../../../electron/media/supported-formats';

describe('supported formats', () => {
  it.each([
    ['a.jpg', true],
    ['b.JPEG', true],
    ['c.Png', true],
    ['d.webp', true],
    ['e.bmp', true],
    ['f.TIF', true],
    ['g.tiff', true],
    ['h.gif', false],
    ['i.heic', false],
    ['jpg', false],
    ['notes.txt', false],
  ])('%s is supported: %s', (name, supported) => {
    expect(isSupportedImagePath(name)).toBe(supported);
  });

  it.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['webp', [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBP')]],
    ['tiff', [0x49, 0x49, 0x2a, 0x00]],
    ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
    ['tiff', [0x49, 0x49, 0x2b, 0x00]],
    ['bmp', [0x42, 0x4d, 0, 0]],
    [null, [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WAVE')]],
    [null, [...Buffer.from('These are my notes')]],
    [null, []],
  ])('sniffs %s from the first bytes', (format, bytes) => {
    expect(sniffImageFormat(Uint8Array.from(bytes))).toBe(format);
  });
});
