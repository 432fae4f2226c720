// The review group: the queue of model proposals waiting for a person (CVAT / Label Studio style). Images with
// proposals, filtered by label, score range, model, job and review state; accept / reject per proposal, per
// image, or in bulk above a score (previewed first, the same filter counted and applied); the next image with
// proposals still to review; and every change kept in an audit trail (who, when, before -> after).
import { z } from 'zod';
import { REVIEW_STATES, type Annotation, type ImageRecord, type ReviewState } from '../domain';
import { id, method, project } from './kit';

const score = z.number().min(0).max(1);

/** Which proposals (annotations a model made) a view or a bulk action is about; absent keys match all. */
export const reviewFilterSchema = z
  .object({
    labelIds: z.array(id).optional(),
    minScore: score.optional(),
    maxScore: score.optional(),
    modelIds: z.array(z.string().min(1)).optional(),
    jobIds: z.array(id).optional(),
    states: z.array(z.enum(REVIEW_STATES)).optional(),
  })
  .strict();
export type ReviewFilter = z.infer<typeof reviewFilterSchema>;

export const REVIEW_DECISIONS = ['accept', 'reject', 'reset'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
/** The review state a decision leaves a proposal in. */
export const DECISION_STATE: Record<ReviewDecision, ReviewState> = {
  accept: 'accepted',
  reject: 'rejected',
  reset: 'proposed',
};

export const AUDIT_ACTIONS = [
  'accept',
  'reject',
  'reset',
  'bulk-accept',
  'bulk-reject',
  'edit',
  'set',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface ReviewQueueItem {
  imageId: number;
  path: string;
  width: number;
  height: number;
  /** The image's proposals by review state (all of them, whatever the filter). */
  counts: Record<ReviewState, number>;
  /** Proposals the filter matches. */
  matching: number;
}

export interface ReviewImage {
  image: ImageRecord;
  /** Every annotation of the image (people's too, drawn for context). */
  annotations: Annotation[];
  /** The ids of the proposals the filter matches, in the order the screen walks them (score, highest first). */
  matching: number[];
}

export interface AuditEntry {
  id: number;
  annotationId: number;
  imageId: number;
  at: string;
  who: string;
  action: AuditAction;
  before: { state: ReviewState | null; labelId: number | null };
  after: { state: ReviewState | null; labelId: number | null };
  /** What else: the filter and threshold of a bulk action, or that the shape changed. */
  detail: Record<string, unknown> | null;
}

export interface ReviewStats {
  total: number;
  byState: Record<ReviewState, number>;
  byLabel: { labelId: number | null; name: string | null; count: number; proposed: number }[];
  byJob: { jobId: number | null; name: string | null; count: number; proposed: number }[];
  byModel: { modelId: string | null; count: number; proposed: number }[];
}

const filter = reviewFilterSchema.default({});

export const reviewMethods = {
  queue: method<{ items: ReviewQueueItem[]; total: number }>().of(
    z.object({
      project,
      filter,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
  image: method<ReviewImage>().of(z.object({ project, imageId: id, filter })),
  /** Accept, reject or reset proposals by id; returns them as they are now. */
  decide: method<Annotation[]>().of(
    z.object({ project, ids: z.array(id).min(1).max(10_000), decision: z.enum(REVIEW_DECISIONS) }),
  ),
  /** Accept or reject every proposal of one image the filter matches. */
  decideImage: method<{ changed: number }>().of(
    z.object({ project, imageId: id, filter, decision: z.enum(REVIEW_DECISIONS) }),
  ),
  /** How many proposals, on how many images, a bulk action would change: still 'proposed', filter matched. */
  bulkPreview: method<{ annotations: number; images: number }>().of(z.object({ project, filter })),
  bulkApply: method<{ changed: number }>().of(
    z.object({ project, filter, decision: z.enum(['accept', 'reject']) }),
  ),
  /** The next (or previous) image after `imageId` in queue order with a proposal still to review. */
  next: method<number | null>().of(
    z.object({
      project,
      imageId: id.optional(),
      direction: z.enum(['next', 'prev']).default('next'),
      filter,
    }),
  ),
  stats: method<ReviewStats>().of(z.object({ project, filter })),
  history: method<AuditEntry[]>().of(z.object({ project, annotationId: id })),
} as const;
