// The images group: import a folder into a project, list and filter its images, step through them, and find
// images that moved.
import { z } from 'zod';
import { IMAGE_STATUSES, type ImageRecord, type RelinkReport } from '../domain';
import { filePath, id, method, project } from './kit';

export const imageFilterSchema = z.object({
  status: z.enum(IMAGE_STATUSES).optional(),
  labelId: id.optional(),
  hasPredictions: z.boolean().optional(),
  missing: z.boolean().optional(),
  search: z.string().max(500).optional(),
});
export type ImageFilter = z.infer<typeof imageFilterSchema>;

export interface ImagePage {
  items: ImageRecord[];
  total: number;
}

export const imageMethods = {
  importFolder: method<{ jobId: string }>().of(
    z.object({ project, folder: filePath, recursive: z.boolean().default(true) }),
  ),
  list: method<ImagePage>().of(
    z.object({
      project,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      filter: imageFilterSchema.default({}),
    }),
  ),
  get: method<ImageRecord>().of(z.object({ project, id })),
  /** The id of the image before/after `id` in the filtered order, for prev/next navigation. */
  neighbor: method<number | null>().of(
    z.object({ project, id, direction: z.enum(['prev', 'next']), filter: imageFilterSchema.default({}) }),
  ),
  setStatus: method<void>().of(
    z.object({ project, ids: z.array(id).min(1), status: z.enum(IMAGE_STATUSES) }),
  ),
  remove: method<void>().of(z.object({ project, ids: z.array(id).min(1) })),
  verify: method<{ missing: number }>().of(z.object({ project })),
  relink: method<RelinkReport>().of(z.object({ project, folder: filePath })),
} as const;
