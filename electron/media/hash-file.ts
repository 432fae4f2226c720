import { createHash } from 'node:crypto';
import { close, fstat, open, read } from 'node:fs';
import { fileError } from './media-errors';

const CHUNK = 1 << 20;

/**
 * The sha256 of a file's bytes as hex, read in chunks of up to 1 MB (no bigger than the file) into one buffer,
 * so memory stays constant whatever the size. Plain callbacks: a read stream or a FileHandle per file cost two
 * to three times the wall time of hashing 10,000 small images this way.
 */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(fileError(path, err));
    open(path, 'r', (err, fd) => {
      if (err) return fail(err);
      const done = (failure: unknown, digest?: string) =>
        close(fd, () => (failure ? fail(failure) : resolve(digest!)));
      fstat(fd, (err, info) => {
        if (err) return done(err);
        const hash = createHash('sha256');
        const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, info.size)));
        const next = () =>
          read(fd, buffer, 0, buffer.length, null, (err, bytesRead) => {
            if (err) return done(err);
            if (bytesRead === 0) return done(null, hash.digest('hex'));
            hash.update(buffer.subarray(0, bytesRead));
            next();
          });
        next();
      });
    });
  });
}
