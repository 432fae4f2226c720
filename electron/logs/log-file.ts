// <data dir>/logs/studio.log: JSON lines appended by every process using the data dir (the desktop studio, browser
// mode, the CLI), rotated by size into studio.1.log ... studio.<files-1>.log. Each line is one write() of at most
// MAX_LINE_BYTES to a file opened with O_APPEND, so lines of two processes never interleave or overwrite each
// other. Rotation renames (atomic on one filesystem) under a lock file, and re-checks the size once it holds the
// lock, so two processes past the limit at once rotate once. A writer whose file was rotated away simply appends
// to the new studio.log next time: the file is opened per line, never held.
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../fs/process-alive';

export const LOG_FILE = 'studio.log';
/** Lines above this are cut by the caller (logger.ts): under PIPE_BUF, one write(), never torn. */
export const MAX_LINE_BYTES = 4000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_FILES = 5;
/** A lock older than this is a killed rotator's. */
const STALE_LOCK_MS = 10_000;

export interface LogFileOptions {
  dir: string;
  /** studio.log grows to about this before it is rotated. */
  maxBytes?: number;
  /** studio.log and the rotated files kept beside it. */
  files?: number;
}

/** studio.log, then studio.1.log (the newest rotated one) ... studio.<files-1>.log: newest first. */
export const logFiles = (dir: string, files = DEFAULT_FILES) =>
  Array.from({ length: files }, (_, i) => join(dir, i === 0 ? LOG_FILE : `studio.${i}.log`));

export class LogFile {
  readonly dir: string;
  readonly path: string;
  private readonly maxBytes: number;
  private readonly files: number;
  private madeDir = false;
  /** Lines this process could not write (disk full, folder gone): logging never breaks what logs. */
  dropped = 0;

  constructor(options: LogFileOptions) {
    this.dir = options.dir;
    this.path = join(options.dir, LOG_FILE);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.files = Math.max(1, options.files ?? DEFAULT_FILES);
  }

  /** Appends one line (no newline in it; the caller keeps it under MAX_LINE_BYTES). */
  append(line: string): void {
    try {
      if (!this.madeDir) {
        mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        this.madeDir = true;
      }
      appendFileSync(this.path, `${line}\n`, { mode: 0o600 });
    } catch {
      this.dropped++;
      this.madeDir = false;
      return;
    }
    try {
      // Another process may be rotating right now (the file briefly absent): its rotation counts for ours.
      if ((statSync(this.path, { throwIfNoEntry: false })?.size ?? 0) >= this.maxBytes) this.rotate();
    } catch {
      // Rotated next time.
    }
  }

  private rotate(): void {
    const lock = `${this.path}.lock`;
    if (!this.takeLock(lock)) return; // another process is rotating
    try {
      // Another process may have rotated between our write and our lock.
      if ((statSync(this.path, { throwIfNoEntry: false })?.size ?? 0) < this.maxBytes) return;
      const paths = logFiles(this.dir, this.files);
      if (this.files === 1) {
        rmSync(this.path, { force: true });
        return;
      }
      // studio.3.log -> studio.4.log (replacing the oldest), ..., studio.log -> studio.1.log.
      for (let i = paths.length - 1; i >= 1; i--) {
        try {
          renameSync(paths[i - 1]!, paths[i]!);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    } finally {
      rmSync(lock, { force: true });
    }
  }

  private takeLock(lock: string): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx', 0o600);
        appendFileSync(fd, String(process.pid));
        closeSync(fd);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
        if (!staleLock(lock)) return false;
        rmSync(lock, { force: true });
      }
    }
    return false;
  }
}

function staleLock(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) return true;
    return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}
