// StudioApi: the one typed API the renderer, the CLI and the tests call. Every method has a zod schema for its
// input (checked at every transport) and a declared output type. Transports carry `group.method` names and JSON.
// Newer groups live in their own files beside this one (see kit.ts) and join `studioMethods` below.
import { z } from 'zod';
import { chainMethods } from './chains';
import { datasetMethods } from './datasets';
import { boxSchema, id, method, none, pointSchema, project, type MethodSpec } from './kit';
import { modelMethods } from './models';
import { DEFAULT_ENDPOINT_SETTINGS, endpointMethods, endpointSettingsSchema } from './endpoints';
import { promptMethods } from './prompts';
import { segmentMethods } from './segment';
import {
  ANNOTATION_KINDS,
  ANNOTATION_SOURCES,
  IMAGE_STATUSES,
  REVIEW_STATES,
  type Annotation,
  type AppSettings,
  type ImageRecord,
  type Label,
  type ProjectInfo,
  type RecentProject,
  type RelinkReport,
  type StudioErrorInfo,
} from '../domain';

export const rleSchema = z.object({
  size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  counts: z.string(),
});

export const geometrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('point'), point: pointSchema, positive: z.boolean() }),
  z.object({ kind: z.literal('box'), box: boxSchema }),
  z.object({ kind: z.literal('polygon'), rings: z.array(z.array(pointSchema)).min(1) }),
  z.object({ kind: z.literal('mask'), box: boxSchema }),
]);

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
const hotkey = z.number().int().min(1).max(9).nullable();

export const imageFilterSchema = z.object({
  status: z.enum(IMAGE_STATUSES).optional(),
  labelId: id.optional(),
  hasPredictions: z.boolean().optional(),
  missing: z.boolean().optional(),
  search: z.string().max(500).optional(),
});
export type ImageFilter = z.infer<typeof imageFilterSchema>;

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

export const appSettingsSchema = z.object({
  theme: z.enum(['dark', 'light']),
  thumbnailSize: z.number().int().min(64).max(512),
  projectsDir: z.string().min(1),
  maxImageMegapixels: z.number().min(1).max(1000),
  endpoints: endpointSettingsSchema.default(DEFAULT_ENDPOINT_SETTINGS),
});

export interface ImagePage {
  items: ImageRecord[];
  total: number;
}

export interface DirEntry {
  name: string;
  path: string;
  isDir: boolean;
}
export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
  imageCount: number;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';
export interface JobInfo {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  result?: unknown;
  error?: StudioErrorInfo;
}

export interface SystemInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
  homeDir: string;
}

export const studioMethods = {
  projects: {
    create: method<ProjectInfo>().of(z.object({ path: z.string().min(1), name: z.string().min(1).max(200) })),
    open: method<ProjectInfo>().of(z.object({ path: z.string().min(1) })),
    close: method<void>().of(z.object({ project })),
    info: method<ProjectInfo>().of(z.object({ project })),
    recent: method<RecentProject[]>().of(none),
    forget: method<void>().of(z.object({ path: z.string().min(1) })),
  },
  images: {
    importFolder: method<{ jobId: string }>().of(
      z.object({ project, folder: z.string().min(1), recursive: z.boolean().default(true) }),
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
    relink: method<RelinkReport>().of(z.object({ project, folder: z.string().min(1) })),
  },
  labels: {
    list: method<Label[]>().of(z.object({ project })),
    create: method<Label>().of(
      z.object({
        project,
        name: z.string().trim().min(1).max(100),
        color: hexColor.optional(),
        hotkey: hotkey.optional(),
      }),
    ),
    update: method<Label>().of(
      z.object({
        project,
        id,
        name: z.string().trim().min(1).max(100).optional(),
        color: hexColor.optional(),
        hotkey: hotkey.optional(),
      }),
    ),
    remove: method<void>().of(z.object({ project, id })),
  },
  annotations: {
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
    setReview: method<void>().of(
      z.object({ project, ids: z.array(id).min(1), state: z.enum(REVIEW_STATES) }),
    ),
  },
  prompts: promptMethods,
  segment: segmentMethods,
  chains: chainMethods,
  models: modelMethods,
  datasets: datasetMethods,
  endpoints: endpointMethods,
  settings: {
    get: method<AppSettings>().of(none),
    update: method<AppSettings>().of(appSettingsSchema.partial().strict()),
  },
  jobs: {
    get: method<JobInfo>().of(z.object({ jobId: z.string().min(1) })),
    cancel: method<void>().of(z.object({ jobId: z.string().min(1) })),
  },
  system: {
    info: method<SystemInfo>().of(none),
    listDir: method<DirListing>().of(z.object({ path: z.string().optional() })),
  },
} as const;

type Methods = typeof studioMethods;
export type ApiGroup = keyof Methods;
export type MethodInput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type MethodParsedInput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type MethodOutput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<z.ZodType, infer O> ? O : never;

/** What callers use: each method takes its input as written by a caller (defaults optional). */
export type StudioApi = {
  [G in ApiGroup]: { [M in keyof Methods[G]]: (input: MethodInput<G, M>) => Promise<MethodOutput<G, M>> };
};

/** What services implement: each method receives its input already parsed (defaults filled in). */
export type StudioHandlers = {
  [G in ApiGroup]: {
    [M in keyof Methods[G]]: (input: MethodParsedInput<G, M>) => Promise<MethodOutput<G, M>>;
  };
};

/** `group.method` names, as carried by the transports. */
export const methodNames: string[] = Object.entries(studioMethods).flatMap(([g, ms]) =>
  Object.keys(ms).map((m) => `${g}.${m}`),
);

/** The input schema of `group.method`, or undefined when no such method exists. */
export function inputSchemaOf(name: string): z.ZodType | undefined {
  const [g, m] = name.split('.');
  const group = (studioMethods as Record<string, Record<string, MethodSpec<z.ZodType, unknown>>>)[g ?? ''];
  return group && Object.hasOwn(group, m ?? '') ? group[m!]!.input : undefined;
}
