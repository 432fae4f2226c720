// The batch group: pre-labeling jobs kept in the project file. A job is a chain (a saved one, or one given
// inline; a single detect or segment step is a one-step chain) over a set of images, each image an item with
// its own state, attempts and reason; its proposals are annotations in review state 'proposed' carrying the
// job's id. Jobs survive the studio: an interrupted one resumes where it stopped.
import { z } from 'zod';
import { imageFilterSchema } from './images';
import { id, method, project } from './kit';

export const BATCH_STATUSES = [
  'queued',
  'running',
  'paused',
  /** Was running when the studio or CLI that ran it stopped (quit, crash, kill -9): resume continues it. */
  'interrupted',
  'cancelled',
  'done',
  'failed',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const BATCH_ITEM_STATES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type BatchItemState = (typeof BATCH_ITEM_STATES)[number];

/** One line per job kind (each kind checks its own `spec` when a job is made). */
export const BATCH_KINDS = ['chain', 'eval', 'async-embeddings', 'async-prelabel'] as const;

export const batchSettingsSchema = z
  .object({
    /** Calls in flight at most; default: the cores for local engines, Settings' endpoint concurrency for endpoints. */
    concurrency: z.number().int().min(1).max(256).optional(),
    /** Attempts per image before it is marked failed (endpoint errors that may pass are retried). */
    maxAttempts: z.number().int().min(1).max(20).default(4),
  })
  .strict();
export type BatchSettings = z.output<typeof batchSettingsSchema>;

/** Which images: all of the project, those a filter matches now, or a selection. Resolved when the job is made. */
export const imageSetSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ filter: imageFilterSchema }).strict(),
  z.object({ imageIds: z.array(id).min(1) }).strict(),
]);
export type ImageSet = z.infer<typeof imageSetSchema>;

export interface BatchJob {
  id: number;
  kind: string;
  name: string;
  status: BatchStatus;
  /** What the job runs: for 'chain', { chainId, chain } as it was when the job was made. */
  spec: unknown;
  images: ImageSet;
  settings: BatchSettings;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  total: number;
  counts: Record<BatchItemState, number>;
  /** Proposals the job has written. */
  proposals: number;
  /** Proposals left out because they repeat an annotation already on their image (same label, IoU). */
  repeats: number;
}

export interface BatchItem {
  imageId: number;
  path: string;
  state: BatchItemState;
  attempts: number;
  /** Why it failed or was skipped, or the last retried error of a pending one. */
  reason: string | null;
  proposals: number;
  durationMs: number | null;
  updatedAt: string;
}

export const batchMethods = {
  /** Makes a job and (unless `start: false`) starts it. */
  create: method<BatchJob>().of(
    z.object({
      project,
      kind: z.enum(BATCH_KINDS).default('chain'),
      name: z.string().trim().min(1).max(200).optional(),
      chainId: id.optional(),
      chain: z.unknown().optional(),
      /** What a kind other than 'chain' runs (for 'eval', the experiment: shared/api/eval.ts evalSpecSchema). */
      spec: z.unknown().optional(),
      images: imageSetSchema,
      settings: batchSettingsSchema.default({ maxAttempts: 4 }),
      start: z.boolean().default(true),
    }),
  ),
  list: method<BatchJob[]>().of(z.object({ project, statuses: z.array(z.enum(BATCH_STATUSES)).optional() })),
  get: method<BatchJob>().of(z.object({ project, jobId: id })),
  items: method<{ items: BatchItem[]; total: number }>().of(
    z.object({
      project,
      jobId: id,
      states: z.array(z.enum(BATCH_ITEM_STATES)).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  ),
  pause: method<BatchJob>().of(z.object({ project, jobId: id })),
  resume: method<BatchJob>().of(z.object({ project, jobId: id })),
  cancel: method<BatchJob>().of(z.object({ project, jobId: id })),
  /** Puts the failed (and skipped) images back to pending with fresh attempts and resumes the job. */
  retryFailed: method<BatchJob>().of(z.object({ project, jobId: id })),
} as const;
