// The annotations group: an image's annotations (point, box, polygon, mask) with their provenance and review
// state, saved all or nothing.
import { z } from 'zod';
import { ANNOTATION_KINDS, ANNOTATION_SOURCES, REVIEW_STATES, type Annotation } from '../domain';
import { boxSchema, id, method, pointSchema, project, rleSchema } from './kit';

export const geometrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('point'), point: pointSchema, positive: z.boolean() }),
  z.object({ kind: z.literal('box'), box: boxSchema }),
  z.object({ kind: z.literal('polygon'), rings: z.array(z.array(pointSchema)).min(1) }),
  z.object({ kind: z.literal('mask'), box: boxSchema }),
]);

export const annotationInputSchema = z.object({
  /** Present to update an existing annotation, absent to create one. */
  id: id.optional(),
  labelId: id.nullable(),
  kind: z.enum(ANNOTATION_KINDS),
  geometry: geometrySchema,
  rle: rleSchema.nullable().default(null),
  source: z.enum(ANNOTATION_SOURCES).default('manual'),
  modelId: z.string().nullable().default(null),
  promptId: id.nullable().default(null),
  score: z.number().min(0).max(1).nullable().default(null),
  reviewState: z.enum(REVIEW_STATES).default('accepted'),
  /** Absent: false for a new annotation, unchanged for an existing one (so a save that predates them keeps them). */
  locked: z.boolean().optional(),
  hidden: z.boolean().optional(),
});
export type AnnotationInput = z.input<typeof annotationInputSchema>;

export const annotationMethods = {
  list: method<Annotation[]>().of(z.object({ project, imageId: id })),
  /** Creates, updates and deletes in one transaction: all or nothing. */
  save: method<Annotation[]>().of(
    z.object({
      project,
      imageId: id,
      upserts: z.array(annotationInputSchema).default([]),
      deletes: z.array(id).default([]),
    }),
  ),
  setReview: method<void>().of(z.object({ project, ids: z.array(id).min(1), state: z.enum(REVIEW_STATES) })),
} as const;
