// Domain types shared by the main process, the renderer, the CLI and the tests.
// Everything here is plain JSON so it crosses IPC, HTTP and WebSocket unchanged.
import type { BatchJob } from './api/batch';

/** Axis-aligned box in image pixels: [x1, y1, x2, y2], origin top-left. */
export type Box = [number, number, number, number];
export type Point = [number, number];

/** COCO RLE in the compressed string form of pycocotools; size is [height, width]. */
export interface Rle {
  size: [number, number];
  counts: string;
}

export const IMAGE_STATUSES = ['new', 'in_progress', 'review', 'done', 'skipped'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const ANNOTATION_KINDS = ['point', 'box', 'polygon', 'mask'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const ANNOTATION_SOURCES = ['manual', 'model', 'import'] as const;
export type AnnotationSource = (typeof ANNOTATION_SOURCES)[number];

export const REVIEW_STATES = ['proposed', 'accepted', 'rejected', 'edited'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Geometry by kind; a mask's pixels live in `rle`, its geometry keeps only the box. */
export type Geometry =
  | { kind: 'point'; point: Point; positive: boolean }
  | { kind: 'box'; box: Box }
  | { kind: 'polygon'; rings: Point[][] }
  | { kind: 'mask'; box: Box };

/** One click of a point prompt: foreground (SAM label 1) or background (label 0). */
export interface PromptPoint {
  point: Point;
  positive: boolean;
}

/** What a segmentation model is asked about one object: points (±) and/or one box, in image pixels. */
export interface PromptInput {
  points: PromptPoint[];
  box: Box | null;
}

/**
 * A prompt kept with its image. One prompt per image is open while the user edits it; it is closed once a
 * mask made from it is accepted, so the annotation's promptId keeps pointing at what asked for it.
 */
export interface Prompt extends PromptInput {
  id: number;
  imageId: number;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectInfo {
  /** The project file path: it is also the handle every project-scoped call takes. */
  path: string;
  name: string;
  schemaVersion: number;
  createdAt: string;
  readOnly: boolean;
  counts: { images: number; annotations: number; labels: number; missing: number };
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
}

export interface ImageRecord {
  id: number;
  path: string;
  sha256: string;
  sizeBytes: number;
  /** Size as displayed, after EXIF orientation is applied. */
  width: number;
  height: number;
  /** EXIF orientation tag 1..8 (1 = as stored). */
  orientation: number;
  format: string;
  status: ImageStatus;
  missing: boolean;
  addedAt: string;
  updatedAt: string;
  annotationCount: number;
  proposalCount: number;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  hotkey: number | null;
}

export interface Annotation {
  id: number;
  imageId: number;
  labelId: number | null;
  kind: AnnotationKind;
  geometry: Geometry;
  rle: Rle | null;
  area: number;
  source: AnnotationSource;
  modelId: string | null;
  promptId: number | null;
  score: number | null;
  reviewState: ReviewState;
  /** Kept from edits until unlocked; a canvas state saved with the annotation, ignored by exports. */
  locked: boolean;
  /** Not drawn on the canvas; saved like `locked` and ignored by exports too. */
  hidden: boolean;
  /** The batch job that proposed it, while that job is kept. */
  jobId: number | null;
  /** What the model was asked (a chain's request or steps, a text prompt), for the reviewer. */
  modelPrompt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImportReport {
  folder: string;
  added: number;
  alreadyPresent: number;
  skipped: SkippedFile[];
  durationMs: number;
}

export interface RelinkReport {
  relinked: number;
  stillMissing: number;
}

export type Theme = 'dark' | 'light';

export interface AppSettings {
  theme: Theme;
  thumbnailSize: number;
  /** Where new projects are created when no folder is given. */
  projectsDir: string;
  /** Images larger than this (in megapixels) are refused at import. */
  maxImageMegapixels: number;
  endpoints: EndpointSettings;
  /** Batch jobs a quit or crash interrupted, when their project opens: resumed at once, or the studio asks. */
  resumeJobs: 'ask' | 'auto';
  /** The name the review audit records; '' for the operating system's user name. */
  reviewerName: string;
}

/** Model endpoints on SageMaker. No credentials here: the AWS default chain finds them for the profile. */
export interface EndpointSettings {
  /** A profile of ~/.aws/config or credentials (SSO too); '' for the default chain (AWS_PROFILE, env, ...). */
  awsProfile: string;
  awsRegion: string;
  /** Another URL than AWS's own (the local emulator, a VPC endpoint); '' for AWS. */
  endpointUrl: string;
  /** Endpoint names per model role; '' when none is deployed. */
  samEndpoint: string;
  groundedSamEndpoint: string;
  /** The SAM endpoint returns image embeddings and clicks run the local decoder. */
  embeddingMode: boolean;
  /** Per call to an endpoint. */
  requestTimeoutSec: number;
  /** A click or text prompt gives up after this long, retries included; chains and jobs use the timeout. */
  clickDeadlineSec: number;
  /** Calls a batch job keeps in flight to the endpoints at most (lowered while they throttle). */
  jobConcurrency: number;
  /** Asynchronous inference for batch jobs: endpoints reading requests from S3 (see shared/api/endpoints.ts). */
  asyncSamEndpoint: string;
  asyncGroundedSamEndpoint: string;
  s3Bucket: string;
  s3Prefix: string;
  /** '' for AWS; a local S3 server's URL for the emulator. */
  s3EndpointUrl: string;
  asyncInstanceType: string;
  /** What one instance-hour costs (in the user's currency); 0 when not set. */
  asyncPricePerHour: number;
  /** Seconds of one instance per request, as measured; 0 when not set. */
  asyncSecondsPerRequest: number;
  asyncInFlight: number;
  asyncRequestTtlSec: number;
}

/** Events of the in-memory jobs (imports, exports, downloads, chain runs). */
export type JobEvent =
  | { type: 'job.progress'; jobId: string; kind: string; done: number; total: number; message?: string }
  | { type: 'job.done'; jobId: string; kind: string; result: unknown }
  | { type: 'job.failed'; jobId: string; kind: string; error: StudioErrorInfo };

/** Events pushed over the transport while long work runs. */
export type StudioEvent =
  | JobEvent
  | {
      type: 'batch.progress';
      project: string;
      job: BatchJob;
      /** Images per second over the last ones finished; null until known. */
      rate: number | null;
      etaSec: number | null;
      /** Calls in flight allowed now (lowered while the endpoint throttles). */
      concurrency: number;
    };

export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'schema_too_new',
  'read_only',
  'locked',
  'unreadable_image',
  'image_too_large',
  'io_error',
  'unauthorized',
  'internal',
  /** A model file that is corrupt or whose inputs/outputs do not match its manifest contract. */
  'model_invalid',
  /** A model file the request needs is not on this machine. */
  'model_missing',
  /** A model download failed: HTTP error, timeout, size or checksum mismatch. */
  'download_failed',
  /** An inference engine failed while answering. */
  'engine_failed',
  /** The work was cancelled (the user moved on to another image, or asked to stop). */
  'cancelled',
  /** A model endpoint answered with an error or a malformed answer (its own message is kept in details). */
  'endpoint_failed',
  /** A model endpoint could not be reached, timed out or stayed throttled/not ready after the retries. */
  'endpoint_unavailable',
  /** The studio is at a limit right now (e.g. too much request data arriving at once): try again shortly. */
  'busy',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface StudioErrorInfo {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
