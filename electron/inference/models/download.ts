// Downloading model files: streamed to <file>.part while hashing, resumed with an HTTP Range request when a
// .part is left from an interrupted transfer, checked against the manifest's size and sha256, then fsynced
// and renamed onto the final name (atomic): a model file either is complete and verified, or is not there.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StudioError } from '../../../shared/errors';

export interface FileProgress {
  /** Bytes of this file on disk so far (resumed bytes included). */
  received: number;
  /** Expected size, when the manifest or the server knows it. */
  total: number | null;
}

export interface DownloadFileOptions {
  url: string;
  dest: string;
  /** Expected sha256 (hex); null when none is known (the caller has the user's consent to skip the check). */
  sha256: string | null;
  sizeBytes: number | null;
  signal?: AbortSignal;
  onProgress?: (progress: FileProgress) => void;
}

export interface DownloadedFile {
  path: string;
  bytes: number;
  /** The sha256 measured on the bytes written. */
  sha256: string;
  /** Bytes that came from an earlier, interrupted transfer. */
  resumedFrom: number;
}

const failed = (message: string, details?: unknown) => new StudioError('download_failed', message, details);

/** Hashes the bytes already in `path` (a .part being resumed) into `hash`. */
async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** Where the server's answer starts, or null to start over: 206 must continue exactly at `from`. */
function resumeOffset(res: Response, from: number): number | null {
  if (res.status !== 206) return null;
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
  return match && Number(match[1]) === from ? from : null;
}

export async function downloadFile(options: DownloadFileOptions): Promise<DownloadedFile> {
  const { url, dest, signal } = options;
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  let have = await sizeOf(part);
  if (options.sizeBytes !== null && have > options.sizeBytes) {
    await rm(part, { force: true }); // longer than the file can be: not a prefix of it
    have = 0;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      signal,
      headers: have > 0 ? { range: `bytes=${have}-` } : {},
      redirect: 'follow',
    });
  } catch (err) {
    signal?.throwIfAborted();
    throw failed(`Could not reach ${url}: ${(err as Error).message}`, { url });
  }
  // 416: the .part already holds the whole file (the transfer broke after the last byte, before the rename).
  const complete = res.status === 416 && have > 0;
  if (!res.ok && !complete) {
    await res.body?.cancel();
    throw failed(`Downloading ${url} failed: HTTP ${res.status} ${res.statusText}`, {
      url,
      status: res.status,
    });
  }
  const offset = complete ? have : resumeOffset(res, have);
  const start = offset ?? 0;
  const hash = createHash('sha256');
  if (start > 0) await hashExisting(part, hash);
  const length = Number(res.headers.get('content-length'));
  const total = options.sizeBytes ?? (res.status === 200 && length > 0 ? length : null);
  let received = start;
  const file = await open(part, start > 0 ? 'a' : 'w');
  try {
    if (!complete && res.body) {
      try {
        const reader = res.body.getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          const chunk = next.value;
          await file.write(chunk);
          hash.update(chunk);
          received += chunk.length;
          options.onProgress?.({ received, total });
        }
      } catch (err) {
        signal?.throwIfAborted();
        // The bytes so far stay in the .part: the next attempt resumes from there.
        throw failed(
          `The download of ${url} broke off after ${received} bytes (${(err as Error).message}); try again to resume.`,
          { url, received },
        );
      }
    }
    await file.sync();
  } finally {
    await file.close();
  }
  const sha256 = hash.digest('hex');
  if (total !== null && received < total)
    throw failed(`The download of ${url} ended after ${received} of ${total} bytes; try again to resume.`, {
      url,
      received,
    });
  const problem =
    total !== null && received > total
      ? `${received} bytes instead of ${total}`
      : options.sha256 !== null && sha256 !== options.sha256
        ? `sha256 ${sha256}, expected ${options.sha256}`
        : null;
  if (problem) {
    await rm(part, { force: true }); // wrong bytes cannot be resumed into right ones
    throw failed(`The file downloaded from ${url} is not the expected one: ${problem}. It was deleted.`, {
      url,
      sha256,
      bytes: received,
    });
  }
  await rename(part, dest);
  return { path: dest, bytes: received, sha256, resumedFrom: start };
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashExisting(path, hash);
  return hash.digest('hex');
}
