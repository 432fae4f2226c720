// When a photo was taken, from its EXIF block: DateTimeOriginal (the shutter), else DateTimeDigitized, else
// IFD0's DateTime. Read from the header only (sharp's metadata, no pixel decoded); the EXIF block is parsed
// here, a few TIFF directory entries, rather than through a package.
import sharp from 'sharp';

const EXIF_POINTER = 0x8769;
const DATE_TIME = 0x0132;
const DATE_TIME_ORIGINAL = 0x9003;
const DATE_TIME_DIGITIZED = 0x9004;
const ASCII = 2;

/** "2024:05:06 07:08:09" (EXIF's form) as "2024-05-06T07:08:09", or null when it is not a date and time. */
function isoOf(text: string): string | null {
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m || m[1] === '0000') return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}

/**
 * The capture time in an EXIF block (as sharp gives it: "Exif\0\0" and a TIFF structure, or the TIFF alone),
 * as "YYYY-MM-DDTHH:MM:SS" (camera local time, as EXIF keeps it), or null when it has none or is malformed.
 */
export function exifCaptureTime(exif: Uint8Array): string | null {
  const start = exif.length >= 6 && String.fromCharCode(...exif.subarray(0, 4)) === 'Exif' ? 6 : 0;
  const view = new DataView(exif.buffer, exif.byteOffset + start, exif.byteLength - start);
  if (view.byteLength < 8) return null;
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  const u16 = (at: number) => (at + 2 <= view.byteLength ? view.getUint16(at, little) : null);
  const u32 = (at: number) => (at + 4 <= view.byteLength ? view.getUint32(at, little) : null);

  /** The directory's entries by tag: [type, count, value-or-offset field position]. */
  const directory = (at: number | null): Map<number, { type: number; count: number; field: number }> => {
    const out = new Map<number, { type: number; count: number; field: number }>();
    const n = at === null ? null : u16(at);
    if (at === null || n === null) return out;
    for (let k = 0; k < Math.min(n, 512); k++) {
      const e = at + 2 + k * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      if (tag === null || type === null || count === null || e + 12 > view.byteLength) break;
      out.set(tag, { type, count, field: e + 8 });
    }
    return out;
  };
  const text = (entry?: { type: number; count: number; field: number }): string | null => {
    if (!entry || entry.type !== ASCII || entry.count < 19 || entry.count > 64) return null;
    const at = u32(entry.field);
    if (at === null || at + entry.count > view.byteLength) return null;
    let s = '';
    for (let k = 0; k < entry.count; k++) {
      const c = view.getUint8(at + k);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return isoOf(s);
  };

  const ifd0 = directory(u32(4));
  const pointer = ifd0.get(EXIF_POINTER);
  const exifIfd = pointer ? directory(u32(pointer.field)) : new Map();
  return (
    text(exifIfd.get(DATE_TIME_ORIGINAL)) ??
    text(exifIfd.get(DATE_TIME_DIGITIZED)) ??
    text(ifd0.get(DATE_TIME))
  );
}

/** The capture time of an image file, or null (no EXIF, no date in it, or the file cannot be read). */
export async function readCaptureTime(path: string): Promise<string | null> {
  try {
    const { exif } = await sharp(path, { limitInputPixels: false }).metadata();
    return exif ? exifCaptureTime(exif) : null;
  } catch {
    return null;
  }
}
