// The datasets group: import a labelled dataset into a project, preview and export training data, in the
// formats the registry lists (shared/datasets/formats). Import and export run as jobs: they return a
// job id at once and report progress as job events; the job's result is the report below.
import { z } from 'zod';
import { ANNOTATION_SOURCES, REVIEW_STATES } from '../domain';
import {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  VALIDATE_FORMATS,
  type ExportFormat,
  type ImportFormat,
  type ValidateFormat,
} from '../datasets/formats';
import type { IssueReport } from '../datasets/issues';
import { LLAVA_TEMPLATES } from '../datasets/instructions';
import type { SplitName, SplitRatios } from '../datasets/split';
import { filePath, id, method, project } from './kit';

// The format lists are the registry's (shared/datasets/formats), re-exported for the API's users.
export {
  EXPORT_FORMATS,
  IMPORT_FORMATS,
  VALIDATE_FORMATS,
  type ExportFormat,
  type ImportFormat,
  type ValidateFormat,
};

export const exportFiltersSchema = z.object({
  /** Accepted and edited (a proposal a person corrected) unless told otherwise. */
  reviewStates: z.array(z.enum(REVIEW_STATES)).min(1).default(['accepted', 'edited']),
  labelIds: z.array(id).optional(),
  sources: z.array(z.enum(ANNOTATION_SOURCES)).min(1).optional(),
  /** Annotations scored below this are left out; unscored ones (manual, imported) are kept. */
  minScore: z.number().min(0).max(1).optional(),
  /** Also export images left with no annotation (negatives for detectors). */
  includeEmptyImages: z.boolean().default(false),
});
export type ExportFilters = z.output<typeof exportFiltersSchema>;

const ratio = z.number().min(0).max(1);
export const exportSettingsSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  filters: exportFiltersSchema.default({ reviewStates: ['accepted', 'edited'], includeEmptyImages: false }),
  split: z
    .object({
      ratios: z.object({ train: ratio, val: ratio, test: ratio }),
      seed: z.number().int().default(0),
    })
    .default({ ratios: { train: 0.8, val: 0.1, test: 0.1 }, seed: 0 }),
  cocoSegmentation: z.enum(['rle', 'polygon']).default('rle'),
  llavaTemplate: z.enum(LLAVA_TEMPLATES).default('caption'),
  llavaJsonl: z.boolean().default(false),
  blip2Variant: z.enum(['vqa', 'caption']).default('vqa'),
  /**
   * Where LLaVA QA and BLIP-2 questions come from: counts per label, or Bedrock (chains settings) writing
   * pairs about each image and its labelled objects.
   */
  questions: z.enum(['counts', 'bedrock']).default('counts'),
});
export type ExportSettings = z.output<typeof exportSettingsSchema>;

export interface DatasetImportReport {
  format: ImportFormat;
  imagesAdded: number;
  /** Images already in the project (same path): their annotations are added to them. */
  imagesAlreadyPresent: number;
  labelsCreated: string[];
  /** The labelMap entries applied: dataset category -> project label, with the annotations they carried. */
  labelMap: { from: string; to: string; annotations: number }[];
  annotations: number;
  /** Records (images, objects, categories) with errors, left out (each a warning in `issues`); 0 with strict. */
  recordsSkipped: number;
  /**
   * Objects of a track a second time on one frame (a track has one per frame): imported outside any track,
   * each a warning in `issues`.
   */
  trackConflicts: number;
  issues: IssueReport;
  durationMs: number;
}

export interface ExportManifest {
  format: ExportFormat;
  createdAt: string;
  studioVersion: string;
  sourceProject: { path: string; name: string };
  filters: ExportFilters;
  split: { ratios: SplitRatios; seed: number };
  /** Counts per label by the name written (see labelNames). */
  counts: Record<SplitName, { images: number; annotations: number; labels: Record<string, number> }>;
  /** Project label -> the name the format's convention wrote it under, for each label written otherwise. */
  labelNames: Record<string, string>;
  files: string[];
}

export interface DatasetExportReport {
  target: string;
  manifest: ExportManifest;
  issues: IssueReport;
  /** Images that passed the filters but were left out (file missing or changed), each a warning in `issues`. */
  imagesSkipped: number;
  durationMs: number;
}

/**
 * What is at an export's target, and whether "Replace an existing folder" may replace it: only a folder this
 * studio exported, holding nothing but what it wrote, and never one holding the project, its images or the
 * studio's folders. `files` and `bytes` are what replacing it removes (0 when it may not be replaced).
 */
export interface ExportTargetCheck {
  exists: boolean;
  replaceable: boolean;
  /** Why it may not be replaced: "holds the open project (p.vpstudio)". */
  reason?: string;
  files: number;
  bytes: number;
}

/** One record as the export writes it: a JSON value, a CSV row or a text file's content, and its file. */
export interface PreviewRecord {
  file: string;
  kind: 'coco-image' | 'coco-annotation' | 'coco-video' | 'json' | 'jsonl' | 'csv' | 'text' | 'lines';
  record: unknown;
}

/** A dataset on disk checked against a format: every problem with its file, record or line, and field. */
export interface DatasetValidationReport {
  format: ValidateFormat;
  /** The files checked, relative to the folder (or the file's own name). */
  files: string[];
  /** No error (warnings may remain). */
  valid: boolean;
  issues: IssueReport;
}

/** An export made from this project, as the Datasets screen lists it: where, when, and its manifest. */
export interface PastExport {
  target: string;
  format: ExportFormat;
  finishedAt: string;
  /** The manifest in the folder now; null when it cannot be read (see `problem`). */
  manifest: ExportManifest | null;
  /** Why the manifest is not there: the folder was moved or deleted, or the manifest is unreadable. */
  problem: string | null;
}

export interface ExportPreview {
  /** Images the export would hold (counted up to the first `limit` records' images). */
  images: number;
  records: PreviewRecord[];
}

export const datasetMethods = {
  /** The exports made from this project, newest first, each with its manifest as it is on disk now. */
  exports: method<PastExport[]>().of(z.object({ project })),
  import: method<{ jobId: string }>().of(
    z.object({
      project,
      format: z.enum(IMPORT_FORMATS),
      /** The label file (a folder of txt files, or one, for KITTI). */
      labels: filePath,
      /** The image folder; records are matched to files inside it. */
      images: filePath,
      /** Refuse the whole import when any record has an error (default: leave those records out). */
      strict: z.boolean().default(false),
      /**
       * Dataset category -> project label ({ "Car": "car" }); other categories go to the label of exactly their
       * name, created when missing.
       */
      labelMap: z.record(z.string().min(1), z.string().trim().min(1)).default({}),
    }),
  ),
  preview: method<ExportPreview>().of(
    exportSettingsSchema.extend({ project, limit: z.number().int().min(1).max(200).default(10) }),
  ),
  export: method<{ jobId: string }>().of(
    exportSettingsSchema.extend({
      project,
      /** The export root, created by the export; it must not exist unless `overwrite` (and then be an export). */
      target: filePath,
      overwrite: z.boolean().default(false),
      images: z.enum(['copy', 'hardlink', 'symlink']).default('copy'),
      /** Refuse the export when an image's file is gone or changed, instead of leaving that image out. */
      strict: z.boolean().default(false),
    }),
  ),
  /** What an export to `target` would replace, for the screen to show before it asks to confirm. */
  checkTarget: method<ExportTargetCheck>().of(z.object({ project, target: filePath })),
  /** Checks an export folder (or one label file) against a format; no project needed. */
  validate: method<DatasetValidationReport>().of(
    z.object({ format: z.enum(VALIDATE_FORMATS), path: filePath }),
  ),
} as const;
