// The models group: what models the studio knows (the manifest), which are installed in the models folder,
// first-use download as a job (progress events, resume, checksum), and the folder itself.
import { z } from 'zod';
import { filePath, method, none } from './kit';

export interface ModelFileInfo {
  part: 'encoder' | 'decoder' | 'model';
  file: string;
  url: string;
  sizeBytes: number | null;
  sha256: string | null;
  checksumNote: string;
  /** Why the file on disk cannot be used ('not found', a wrong size), or null when it can. */
  problem: string | null;
}

export interface ModelInfo {
  id: string;
  name: string;
  role: 'segmenter' | 'detector' | 'tracker';
  default: boolean;
  license: string;
  homepage: string;
  notes: string;
  /** Every file present with the right size. */
  installed: boolean;
  /** Some file has no trustworthy checksum: downloading it needs `allowUnverified`. */
  needsConsent: boolean;
  dir: string;
  files: ModelFileInfo[];
}

export interface ModelList {
  modelsDir: string;
  modelsDirSource: 'env' | 'setting' | 'default';
  models: ModelInfo[];
}

export const modelMethods = {
  list: method<ModelList>().of(none),
  /** Starts downloading a model into the models folder; progress and the outcome come as job events. */
  download: method<{ jobId: string }>().of(
    z.object({ id: z.string().min(1), allowUnverified: z.boolean().default(false) }),
  ),
  /** Looks at the models folder again (files put there by hand) and lets the engines be chosen again. */
  recheck: method<ModelList>().of(none),
  /** Sets the models folder (an absolute path; null: back to the default). VISPROMPT_MODELS_DIR overrides it. */
  setDir: method<ModelList>().of(z.object({ dir: filePath.nullable() })),
} as const;
