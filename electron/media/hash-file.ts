import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fileError } from './media-errors';

const CHUNK = 1 << 20;

/**
 * The sha256 of a file's bytes as hex, read in 1 MB chunks into one buffer so memory stays constant whatever
 * the size. Plain reads on a file handle: a read stream per file costs more than hashing a small image does.
 */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    const file = await open(path, 'r');
    try {
      // No bigger than the file: a small image does not cost a megabyte of garbage.
      const { size } = await file.stat();
      const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)));
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
      }
    } finally {
      await file.close();
    }
  } catch (err) {
    throw fileError(path, err);
  }
  return hash.digest('hex');
}
