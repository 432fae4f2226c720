// Rows as SQLite returns them, and their domain types: the one place that knows both shapes.
import type {
  Annotation,
  Box,
  AnnotationKind,
  AnnotationSource,
  Geometry,
  ImageRecord,
  ImageStatus,
  Label,
  Prompt,
  PromptPoint,
  ReviewState,
} from '../../shared/domain';
import type { ImageLocation, ModelRun, ModelRunStatus } from './types';

export interface ImageRow {
  id: number;
  path: string;
  sha256: string;
  size_bytes: number;
  width: number;
  height: number;
  orientation: number;
  format: string;
  status: ImageStatus;
  missing: 0 | 1;
  added_at: string;
  updated_at: string;
  annotation_count: number;
  proposal_count: number;
}

export const toImage = (r: ImageRow): ImageRecord => ({
  id: r.id,
  path: r.path,
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
  width: r.width,
  height: r.height,
  orientation: r.orientation,
  format: r.format,
  status: r.status,
  missing: r.missing === 1,
  addedAt: r.added_at,
  updatedAt: r.updated_at,
  annotationCount: r.annotation_count,
  proposalCount: r.proposal_count,
});

export type ImageLocationRow = Pick<ImageRow, 'id' | 'path' | 'sha256' | 'missing'>;

export const toImageLocation = (r: ImageLocationRow): ImageLocation => ({
  id: r.id,
  path: r.path,
  sha256: r.sha256,
  missing: r.missing === 1,
});

export interface LabelRow {
  id: number;
  name: string;
  color: string;
  hotkey: number | null;
}

export const toLabel = (r: LabelRow): Label => ({ id: r.id, name: r.name, color: r.color, hotkey: r.hotkey });

export interface AnnotationRow {
  id: number;
  image_id: number;
  label_id: number | null;
  kind: AnnotationKind;
  geometry: string;
  rle_counts: string | null;
  rle_h: number | null;
  rle_w: number | null;
  area: number;
  source: AnnotationSource;
  model_id: string | null;
  prompt_id: number | null;
  score: number | null;
  review_state: ReviewState;
  locked: 0 | 1;
  hidden: 0 | 1;
  job_id: number | null;
  model_prompt: string | null;
  created_at: string;
  updated_at: string;
}

export const toAnnotation = (r: AnnotationRow): Annotation => ({
  id: r.id,
  imageId: r.image_id,
  labelId: r.label_id,
  kind: r.kind,
  geometry: JSON.parse(r.geometry) as Geometry,
  rle: r.rle_counts === null ? null : { size: [r.rle_h!, r.rle_w!], counts: r.rle_counts },
  area: r.area,
  source: r.source,
  modelId: r.model_id,
  promptId: r.prompt_id,
  score: r.score,
  reviewState: r.review_state,
  locked: r.locked === 1,
  hidden: r.hidden === 1,
  jobId: r.job_id,
  modelPrompt: r.model_prompt,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface PromptRow {
  id: number;
  image_id: number;
  points: string;
  box: string | null;
  closed: 0 | 1;
  created_at: string;
  updated_at: string;
}

export const toPrompt = (r: PromptRow): Prompt => ({
  id: r.id,
  imageId: r.image_id,
  points: JSON.parse(r.points) as PromptPoint[],
  box: r.box === null ? null : (JSON.parse(r.box) as Box),
  closed: r.closed === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ModelRunRow {
  id: number;
  image_id: number;
  model_id: string;
  engine: string;
  params: string;
  prompt_id: number | null;
  started_at: string;
  duration_ms: number;
  status: ModelRunStatus;
  error: string | null;
}

export const toModelRun = (r: ModelRunRow): ModelRun => ({
  id: r.id,
  imageId: r.image_id,
  modelId: r.model_id,
  engine: r.engine,
  params: JSON.parse(r.params) as unknown,
  promptId: r.prompt_id,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
  status: r.status,
  error: r.error,
});
