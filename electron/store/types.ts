// Inputs and records of the project store that shared/domain.ts does not (yet) define.
import type { z } from 'zod';
import type { annotationInputSchema } from '../../shared/api';
import type { ImageRecord } from '../../shared/domain';

/** An image as probed at import (its path is where it lies: never copied); the store adds id, status and timestamps. */
export type NewImage = Pick<
  ImageRecord,
  'path' | 'sha256' | 'sizeBytes' | 'width' | 'height' | 'orientation' | 'format'
>;

/** The parts of an image that relinking and verifying need. */
export interface ImageLocation {
  id: number;
  path: string;
  sha256: string;
  missing: boolean;
}

/** An annotation as the API hands it over: already parsed, defaults filled in. */
export type AnnotationFields = z.output<typeof annotationInputSchema>;

/** One row of a bulk insert (model proposals of a batch job, a dataset import). */
export type NewAnnotation = Omit<AnnotationFields, 'id'> & {
  imageId: number;
  /** Set on a batch job's proposals only; edits never change either. */
  jobId?: number | null;
  modelPrompt?: string | null;
};

export interface LabelPatch {
  name?: string;
  color?: string;
  hotkey?: number | null;
}

export const MODEL_RUN_STATUSES = ['ok', 'failed', 'cancelled'] as const;
export type ModelRunStatus = (typeof MODEL_RUN_STATUSES)[number];

export interface NewModelRun {
  imageId: number;
  modelId: string;
  /** Where it ran: local-sam, classical, sagemaker-sam, bedrock, ... */
  engine: string;
  params: unknown;
  promptId: number | null;
  startedAt: string;
  durationMs: number;
  status: ModelRunStatus;
  error: string | null;
}

export interface ModelRun extends NewModelRun {
  id: number;
}
