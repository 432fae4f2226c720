import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileError } from './media-errors';

/** The sha256 of a file's bytes as hex, read in 1 MB chunks so memory stays constant whatever the size. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      hash.update(chunk as Buffer);
  } catch (err) {
    throw fileError(path, err);
  }
  return hash.digest('hex');
}
