// The model manifest (resources/models/manifest.json): every model the studio knows how to run, where its files
// come from, what they must hash to and which inputs/outputs they must have. Validated when loaded, so a bad
// edit fails at start-up with the path of the bad field instead of mid-download.
import { z } from 'zod';
import bundled from '../../../resources/models/manifest.json';
import { StudioError } from '../../../shared/errors';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');

/** A dimension: a fixed size, or a name for one the model leaves open ('N' points, 'H' rows). */
const dim = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['float32', 'float16', 'int64', 'int32', 'uint8', 'bool']),
  shape: z.array(dim),
});
export type TensorSpec = z.infer<typeof tensorSpecSchema>;

export const modelFileSchema = z.object({
  /**
   * What the file is to the engine: 'encoder' / 'decoder' of a SAM pair (a SAM 2 tracker's too), 'model' of a
   * single-file detector.
   */
  part: z.enum(['encoder', 'decoder', 'model']),
  /** The file name inside the model's folder (no path). */
  file: z.string().regex(/^[\w.-]+$/, 'a plain file name'),
  url: z.url({ protocol: /^https$/ }),
  sizeBytes: z.number().int().positive().nullable(),
  /** null when no trustworthy checksum could be found: a download then needs the user's explicit consent. */
  sha256: sha256.nullable(),
  /** Where the checksum and size come from, or why there is none. */
  checksumNote: z.string().min(1),
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
});
export type ModelFile = z.infer<typeof modelFileSchema>;

/**
 * How an engine feeds the model:
 * - sam-hwc-in-graph: encoder takes float32 [H, W, 3] RGB 0..255 with the longest side resized to 1024 by
 *   the caller; normalisation and padding to 1024x1024 happen inside the graph (samexporter --use-preprocess).
 * - sam-nchw-1024: encoder takes float32 [1, 3, 1024, 1024], resized, normalised (ImageNet mean/std on 0..255)
 *   and zero-padded right/bottom by the caller (segment-anything's and MobileSAM's own export scripts).
 * - sam2-square-1024: SAM 2's: [1, 3, 1024, 1024], the image resized to 1024x1024 without keeping the aspect
 *   ratio, /255, ImageNet mean/std; prompt coordinates scaled per axis into that square.
 * - picodet-320-imagenet: [1, 3, 320, 320], resized without keeping the aspect ratio, /255, ImageNet mean/std.
 */
export const PREPROCESS_VARIANTS = [
  'sam-hwc-in-graph',
  'sam-nchw-1024',
  'sam2-square-1024',
  'picodet-320-imagenet',
] as const;
export type PreprocessVariant = (typeof PREPROCESS_VARIANTS)[number];

export const modelEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    /**
     * segmenter: prompts -> masks on one image (SAM); detector: classes -> boxes; tracker: masks carried from
     * frame to frame of a sequence (a SAM 2-family video model, used by propagation).
     */
    role: z.enum(['segmenter', 'detector', 'tracker']),
    /** The one model of its role the studio uses when several are present. */
    default: z.boolean(),
    preprocess: z.enum(PREPROCESS_VARIANTS),
    license: z.string().min(1),
    homepage: z.url(),
    notes: z.string(),
    files: z.array(modelFileSchema).min(1),
  })
  .superRefine((entry, ctx) => {
    const parts = entry.files.map((f) => f.part).sort();
    const expected = entry.role === 'detector' ? ['model'] : ['decoder', 'encoder'];
    if (parts.join() !== expected.join())
      ctx.addIssue({
        code: 'custom',
        path: ['files'],
        message: `a ${entry.role} has files ${expected.join(' + ')}, got ${parts.join(' + ')}`,
      });
  });
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type ModelRole = ModelEntry['role'];

export const manifestSchema = z
  .object({ version: z.literal(1), models: z.array(modelEntrySchema).min(1) })
  .superRefine((manifest, ctx) => {
    const ids = manifest.models.map((m) => m.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['models'], message: `model id '${dup}' is listed twice` });
    for (const role of ['segmenter', 'detector', 'tracker'] as const) {
      const defaults = manifest.models.filter((m) => m.role === role && m.default).length;
      if (defaults > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['models'],
          message: `${defaults} default ${role}s (at most one)`,
        });
    }
  });
export type Manifest = z.infer<typeof manifestSchema>;

/** Validates a manifest, or throws a StudioError naming each bad field. */
export function parseManifest(value: unknown): Manifest {
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new StudioError(
    'model_invalid',
    `The model manifest is invalid: ${issues.join('; ')}`,
    parsed.error.issues,
  );
}

/** The manifest shipped with the studio. */
export const MANIFEST: Manifest = parseManifest(bundled);

/** The model `id` of the manifest, or a not_found StudioError listing the known ones. */
export function modelEntry(manifest: Manifest, id: string): ModelEntry {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry)
    throw new StudioError(
      'not_found',
      `No model '${id}' in the manifest (known: ${manifest.models.map((m) => m.id).join(', ')}).`,
    );
  return entry;
}

/** The models of a role, the default first, then in manifest order. */
export function modelsOfRole(manifest: Manifest, role: ModelRole): ModelEntry[] {
  const all = manifest.models.filter((m) => m.role === role);
  return [...all.filter((m) => m.default), ...all.filter((m) => !m.default)];
}

/** The file of an entry playing `part`. */
export function modelFile(entry: ModelEntry, part: ModelFile['part']): ModelFile {
  const file = entry.files.find((f) => f.part === part);
  if (!file)
    throw new StudioError('model_invalid', `Model '${entry.id}' has no ${part} file in the manifest.`);
  return file;
}
