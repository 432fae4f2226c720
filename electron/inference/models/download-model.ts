// Installing a manifest model into the models folder: each file downloaded (resumable, verified) unless it is
// already there and verified; files without a trustworthy checksum only with the user's explicit consent.
import { StudioError } from '../../../shared/errors';
import { resolveInside } from '../../fs/inside';
import { downloadFile, sha256OfFile, type DownloadedFile } from './download';
import { locateModel } from './locate';
import type { ModelEntry, ModelFile } from './manifest';

export interface ModelDownloadProgress {
  file: string;
  /** Bytes of the whole model on disk so far, and its total when every file's size is known. */
  received: number;
  total: number | null;
}

export interface ModelDownloadOptions {
  /** Accept files the manifest has no sha256 for (the user was told and agreed). */
  allowUnverified: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ModelDownloadProgress) => void;
  /** Where a file is fetched from: its manifest URL unless a mirror (or a test server) is given. */
  urlOf?: (file: ModelFile) => string;
}

export interface ModelDownloadResult {
  id: string;
  dir: string;
  files: (DownloadedFile & { file: string; alreadyThere: boolean; verified: boolean })[];
}

/** Refuses (invalid_input) a model with files of no known checksum unless the user agreed to that. */
export function requireConsent(entry: ModelEntry, allowUnverified: boolean): void {
  const unverified = entry.files.filter((f) => f.sha256 === null);
  if (unverified.length > 0 && !allowUnverified)
    throw new StudioError(
      'invalid_input',
      `No trustworthy checksum is known for ${unverified.map((f) => f.file).join(', ')} of ${entry.name} ` +
        `(${unverified[0]!.checksumNote}). Download anyway only if you trust ${new URL(unverified[0]!.url).host}.`,
      { unverified: unverified.map((f) => f.file) },
    );
}

export async function downloadModel(
  entry: ModelEntry,
  modelsDir: string,
  options: ModelDownloadOptions,
): Promise<ModelDownloadResult> {
  requireConsent(entry, options.allowUnverified);
  const located = locateModel(entry, modelsDir);
  const total = entry.files.every((f) => f.sizeBytes !== null)
    ? entry.files.reduce((sum, f) => sum + f.sizeBytes!, 0)
    : null;
  let before = 0;
  const files: ModelDownloadResult['files'] = [];
  for (const [i, file] of entry.files.entries()) {
    const there = located.files[i]!;
    // A link in the models folder (the model's folder, a file, a leftover .part) never takes a write outside it.
    for (const name of [file.file, `${file.file}.part`])
      await resolveInside(modelsDir, `${entry.id}/${name}`, 'A model file');
    if (there.problem === null) {
      const sha256 = await sha256OfFile(there.path);
      if (file.sha256 === null || sha256 === file.sha256) {
        files.push({
          file: file.file,
          path: there.path,
          bytes: there.sizeBytes!,
          sha256,
          resumedFrom: 0,
          alreadyThere: true,
          verified: file.sha256 !== null,
        });
        before += there.sizeBytes!;
        options.onProgress?.({ file: file.file, received: before, total });
        continue;
      }
    }
    options.signal?.throwIfAborted();
    const done = await downloadFile({
      url: options.urlOf?.(file) ?? file.url,
      dest: there.path,
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ file: file.file, received: before + p.received, total }),
    });
    files.push({ file: file.file, ...done, alreadyThere: false, verified: file.sha256 !== null });
    before += done.bytes;
  }
  return { id: entry.id, dir: located.dir, files };
}
