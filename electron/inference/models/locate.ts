// Where a model's files live on this machine: <models dir>/<model id>/<file>, the layout the downloader writes
// and ../shared/models already has. A file is usable when present with the manifest's size (when known): a
// leftover of an interrupted download or a truncated copy is reported, not loaded.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { modelFile, type ModelEntry, type ModelFile } from './manifest';

export interface LocatedFile {
  part: ModelFile['part'];
  file: string;
  path: string;
  /** Bytes on disk, or null when the file is absent. */
  sizeBytes: number | null;
  /** Why it cannot be used ('not found', 'has 10 bytes, expected 4152664'), or null when it can. */
  problem: string | null;
}

export interface LocatedModel {
  entry: ModelEntry;
  dir: string;
  files: LocatedFile[];
  /** Every file present with the right size. */
  complete: boolean;
}

export const modelDir = (modelsDir: string, entry: ModelEntry) => join(modelsDir, entry.id);

export function locateModel(entry: ModelEntry, modelsDir: string): LocatedModel {
  const dir = modelDir(modelsDir, entry);
  const files = entry.files.map((f): LocatedFile => {
    const path = join(dir, f.file);
    const stat = statSync(path, { throwIfNoEntry: false });
    const sizeBytes = stat?.isFile() ? stat.size : null;
    const problem =
      sizeBytes === null
        ? 'not found'
        : f.sizeBytes !== null && sizeBytes !== f.sizeBytes
          ? `has ${sizeBytes} bytes, expected ${f.sizeBytes}`
          : null;
    return { part: f.part, file: f.file, path, sizeBytes, problem };
  });
  return { entry, dir, files, complete: files.every((f) => f.problem === null) };
}

/** The path of the file playing `part` (the entry has one, checked when the manifest is parsed). */
export const partPath = (located: LocatedModel, part: ModelFile['part']) =>
  located.files.find((f) => f.part === part)!.path;

/** 'mobile_sam.encoder.onnx not found, sam_vit_h_4b8939.decoder.onnx has 10 bytes, expected 16500272'. */
export const describeProblems = (located: LocatedModel) =>
  located.files
    .filter((f) => f.problem)
    .map((f) => `${f.file} ${f.problem}`)
    .join(', ');

/** The paths of an encoder/decoder pair in `dir`; model_missing naming the first file that is not there. */
export function pairPaths(entry: ModelEntry, dir: string): { encoder: string; decoder: string } {
  const [encoder, decoder] = (['encoder', 'decoder'] as const).map((part) => {
    const path = join(dir, modelFile(entry, part).file);
    if (!existsSync(path))
      throw new StudioError('model_missing', `The ${part} of '${entry.name}' is not at ${path}.`, {
        modelId: entry.id,
        path,
      });
    return path;
  }) as [string, string];
  return { encoder, decoder };
}
