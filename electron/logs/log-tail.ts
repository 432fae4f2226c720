// The last lines of studio.log and the files rotated before it, oldest first: what a diagnostics report shows.
// Only each file's end is read, so a full 5 MiB log costs a few hundred kilobytes.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DEFAULT_FILES, logFiles } from './log-file';

const CHUNK = 256 * 1024;

function tailOf(path: string, bytes: number): string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.subarray(0, read).toString('utf8').split('\n');
    if (start > 0) lines.shift(); // cut in the middle
    return lines.filter((l) => l.trim() !== '');
  } finally {
    closeSync(fd);
  }
}

export function readLogTail(dir: string, count: number, files = DEFAULT_FILES): string[] {
  const out: string[] = [];
  for (const path of logFiles(dir, files)) {
    const lines = tailOf(path, CHUNK);
    out.unshift(...lines.slice(Math.max(0, lines.length - (count - out.length))));
    if (out.length >= count) break;
  }
  return out;
}
